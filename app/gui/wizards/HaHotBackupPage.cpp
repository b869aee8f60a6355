#include "HaHotBackupPage.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tandem::gui {

HaHotBackupPage::HaHotBackupPage(HotBackupWizard* wizard) : PlanPage(wizard)
{
    setTitle(tr("HA hot backup"));
    setSubTitle(tr("The master copies each session to the backup, so a switchover keeps the "
                   "users' sessions."));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    layout->addLayout(form);
    layout->addStretch();
    addCheck(form, QStringLiteral("hotBackup"), tr("Enable hot backup (service-ha hot-backup enable)"),
             [](const config::PairPlan& p) { return p.hotBackup; },
             [](config::PairPlan& p, bool on) { p.hotBackup = on; });
    QSpinBox* delay = addSpin(
        form, QStringLiteral("delayTimeSeconds"), tr("Delay time"), 1, 300,
        [](const config::PairPlan& p) { return p.delayTimeSeconds; },
        [](config::PairPlan& p, int v) { p.delayTimeSeconds = v; });
    delay->setSuffix(tr(" s"));
    addNote(form, tr("A session is backed up only once it has lived this long. Short sessions "
                     "(DNS, a quick HTTP request) that end sooner are never copied and are lost "
                     "on a switchover; a longer delay means less backup traffic but more such "
                     "sessions. The default of 1 s backs up nearly everything."));
}

} // namespace tandem::gui
