#include "VrrpPage.h"

#include "HotBackupWizard.h"
#include "config/PairCheck.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tandem::gui {

VrrpPage::VrrpPage(HotBackupWizard* wizard)
    : PlanPage(wizard, {QStringLiteral("serviceLocations")}), m_locations(new QVBoxLayout)
{
    setTitle(tr("VRRP per service-location"));
    setSubTitle(tr("VRRP decides which device serves each service-location: the higher "
                   "priority is master and owns the virtual IP."));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_locations);
    layout->addStretch();
}

void VrrpPage::buildFields()
{
    clearBindings();
    delete m_content;
    m_content = new QWidget;
    auto* content = new QVBoxLayout(m_content);
    content->setContentsMargins(0, 0, 0, 0);
    m_locations->addWidget(m_content);
    const config::PairPlan& plan = planWizard()->plan();
    const bool authenticated = !plan.remoteBackupService.authenticationKey.empty();
    const int advised = config::advisedPreemptDelaySeconds(authenticated);
    for (std::size_t i = 0; i < plan.serviceLocations.size(); ++i) {
        const QString key = QStringLiteral("serviceLocations[%1].").arg(i);
        auto* box = new QGroupBox(tr("Service-location %1 (slot %2)")
                                      .arg(plan.serviceLocations[i].id)
                                      .arg(plan.serviceLocations[i].slot));
        auto* form = new QFormLayout(box);
        auto loc = [i](config::PairPlan& p) -> config::PlanServiceLocation& {
            return p.serviceLocations[i];
        };
        auto cloc = [i](const config::PairPlan& p) -> const config::PlanServiceLocation& {
            return p.serviceLocations[i];
        };
        addSpin(form, key + QStringLiteral("vrid"), tr("VRID"), 1, 255,
                [cloc](const config::PairPlan& p) { return cloc(p).vrid; },
                [loc](config::PairPlan& p, int v) { loc(p).vrid = v; });
        addAddress(form, key + QStringLiteral("virtualIp"), tr("Virtual IP"),
                   [cloc](const config::PairPlan& p) { return cloc(p).virtualIp; },
                   [loc](config::PairPlan& p, config::Ipv4Address v) { loc(p).virtualIp = v; });
        addSide(form, key + QStringLiteral("master"), tr("Master"),
                [cloc](const config::PairPlan& p) { return cloc(p).master; },
                [loc](config::PairPlan& p, config::Side v) { loc(p).master = v; });
        addSpin(form, key + QStringLiteral("masterPriority"), tr("Master priority"), 1, 254,
                [cloc](const config::PairPlan& p) { return cloc(p).masterPriority; },
                [loc](config::PairPlan& p, int v) { loc(p).masterPriority = v; });
        addSpin(form, key + QStringLiteral("backupPriority"), tr("Backup priority"), 1, 254,
                [cloc](const config::PairPlan& p) { return cloc(p).backupPriority; },
                [loc](config::PairPlan& p, int v) { loc(p).backupPriority = v; });
        QSpinBox* preempt = addSpin(
            form, key + QStringLiteral("preemptDelaySeconds"), tr("Preempt delay (master)"), 0,
            3600, [cloc](const config::PairPlan& p) { return cloc(p).preemptDelaySeconds; },
            [loc](config::PairPlan& p, int v) { loc(p).preemptDelaySeconds = v; });
        preempt->setSuffix(tr(" s"));
        addNote(form, tr("Recommended: %1 s. After a failure the master waits this long before it "
                         "takes its role back, so that the batch backup of the sessions made "
                         "meanwhile has finished; a shorter delay drops them at the switchback. "
                         "The backup takes over at once.")
                          .arg(advised));
        QSpinBox* advert = addSpin(
            form, key + QStringLiteral("advertIntervalMs"), tr("Advert interval"), 10, 40950,
            [cloc](const config::PairPlan& p) { return cloc(p).advertIntervalMs; },
            [loc](config::PairPlan& p, int v) { loc(p).advertIntervalMs = v; });
        advert->setSingleStep(10);
        advert->setSuffix(tr(" ms"));
        content->addWidget(box);
    }
}

} // namespace tandem::gui
