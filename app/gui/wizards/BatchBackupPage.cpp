#include "BatchBackupPage.h"

#include "HotBackupWizard.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tandem::gui {

BatchBackupPage::BatchBackupPage(HotBackupWizard* wizard)
    : PlanPage(wizard, {QStringLiteral("batchBackup"), QStringLiteral("batchBackupIntervalSeconds")}),
      m_periodic(new QCheckBox(tr("Repeat periodically (timer-interval)")))
{
    setTitle(tr("Batch backup"));
    setSubTitle(tr("A batch backup copies the master's whole session table to the backup, so a "
                   "backup that restarted or lost the channel catches up."));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    layout->addLayout(form);
    layout->addStretch();
    addCheck(form, QStringLiteral("batchBackup"),
             tr("Batch backup when the channel comes up (batch-backup service-type nat enable)"),
             [](const config::PairPlan& p) { return p.batchBackup; },
             [](config::PairPlan& p, bool on) { p.batchBackup = on; });
    m_periodic->setObjectName(QStringLiteral("batchBackupPeriodic"));
    form->addRow(QString(), m_periodic);
    m_interval = addSpin(
        form, QStringLiteral("batchBackupIntervalSeconds"), tr("Interval"), 1, 86400,
        [](const config::PairPlan& p) { return p.batchBackupIntervalSeconds.value_or(3600); },
        [](config::PairPlan& p, int v) { p.batchBackupIntervalSeconds = v; });
    m_interval->setSuffix(tr(" s"));
    addNote(form, tr("Without an interval a batch runs only when the channel comes up; a "
                     "periodic one repairs what incremental backup missed, at the cost of "
                     "channel bandwidth while it runs."));
    connect(m_periodic, &QCheckBox::toggled, this, [this](bool on) {
        m_interval->setEnabled(on);
        const int value = m_interval->value();
        planWizard()->editPlan([on, value](config::PairPlan& p) {
            p.batchBackupIntervalSeconds = on ? std::optional<int>(value) : std::nullopt;
        });
    });
}

void BatchBackupPage::initializePage()
{
    PlanPage::initializePage();
    const bool periodic = planWizard()->plan().batchBackupIntervalSeconds.has_value();
    const QSignalBlocker blocker(m_periodic);
    m_periodic->setChecked(periodic);
    m_interval->setEnabled(periodic);
}

} // namespace tandem::gui
