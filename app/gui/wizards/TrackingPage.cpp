#include "TrackingPage.h"

#include "HotBackupWizard.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tandem::gui {

TrackingPage::TrackingPage(HotBackupWizard* wizard) : PlanPage(wizard), m_locations(new QVBoxLayout)
{
    setTitle(tr("Tracking"));
    setSubTitle(tr("When the board or the uplink of the master fails, its priority drops by "
                   "the reduction, so the backup becomes master."));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_locations);
    layout->addStretch();
}

void TrackingPage::buildFields()
{
    clearBindings();
    delete m_content;
    m_content = new QWidget;
    auto* content = new QVBoxLayout(m_content);
    content->setContentsMargins(0, 0, 0, 0);
    m_locations->addWidget(m_content);
    const config::PairPlan& plan = planWizard()->plan();
    for (std::size_t i = 0; i < plan.serviceLocations.size(); ++i) {
        const config::PlanServiceLocation& sl = plan.serviceLocations[i];
        const QString key = QStringLiteral("serviceLocations[%1].").arg(i);
        const int computed = config::trackingReduction(sl);
        auto* box = new QGroupBox(tr("Service-location %1").arg(sl.id));
        auto* form = new QFormLayout(box);
        auto loc = [i](config::PairPlan& p) -> config::PlanServiceLocation& {
            return p.serviceLocations[i];
        };
        auto cloc = [i](const config::PairPlan& p) -> const config::PlanServiceLocation& {
            return p.serviceLocations[i];
        };
        // 0 in the plan is "computed": shown as the computed value.
        QSpinBox* location = addSpin(
            form, key + QStringLiteral("trackServiceLocationReduced"),
            tr("track service-location %1 reduced").arg(sl.id), 0, 254,
            [cloc](const config::PairPlan& p) { return cloc(p).trackServiceLocationReduced; },
            [loc](config::PairPlan& p, int v) { loc(p).trackServiceLocationReduced = v; });
        location->setSpecialValueText(tr("%1 (computed)").arg(computed));
        QSpinBox* uplink = addSpin(
            form, key + QStringLiteral("trackUplinkReduced"),
            tr("track interface %1 reduced")
                .arg(QString::fromStdString(plan.device(sl.master).uplinkInterface)),
            0, 254, [cloc](const config::PairPlan& p) { return cloc(p).trackUplinkReduced; },
            [loc](config::PairPlan& p, int v) { loc(p).trackUplinkReduced = v; });
        uplink->setSpecialValueText(tr("%1 (computed)").arg(computed));
        uplink->setEnabled(!plan.device(sl.master).uplinkInterface.empty());
        addNote(form, tr("%1 = the priority gap %2 − %3 = %4, plus the margin of 10: a failure "
                         "takes the master to %2 − %1 = %5, below the backup's %3, so the backup "
                         "takes over; the margin keeps that true after a small priority change.")
                          .arg(computed)
                          .arg(sl.masterPriority)
                          .arg(sl.backupPriority)
                          .arg(sl.masterPriority - sl.backupPriority)
                          .arg(std::max(1, sl.masterPriority - computed)));
        content->addWidget(box);
    }
}

} // namespace tandem::gui
