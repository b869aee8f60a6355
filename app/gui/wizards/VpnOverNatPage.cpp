#include "VpnOverNatPage.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QVBoxLayout>

namespace tandem::gui {

VpnOverNatPage::VpnOverNatPage(HotBackupWizard* wizard)
    : PlanPage(wizard, {QStringLiteral("vpnInstances")})
{
    setTitle(tr("VPN over NAT"));
    setSubTitle(tr("The VPN instances whose users are translated; both devices get the same "
                   "ones, so a switchover keeps them."));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    layout->addLayout(form);
    layout->addStretch();
    // Names separated by commas; a route distinguisher already planned for a name is kept.
    QLineEdit* names = addText(
        form, QStringLiteral("vpnInstances"), tr("VPN instances"),
        [](const config::PairPlan& p) {
            std::string text;
            for (const config::PlanVpnInstance& v : p.vpnInstances)
                text += (text.empty() ? "" : ", ") + v.name;
            return text;
        },
        [](config::PairPlan& p, std::string text) {
            std::vector<config::PlanVpnInstance> instances;
            for (const QString& name :
                 QString::fromStdString(text).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                config::PlanVpnInstance v{name.trimmed().toStdString(), {}};
                for (const config::PlanVpnInstance& old : p.vpnInstances)
                    if (old.name == v.name)
                        v.routeDistinguisher = old.routeDistinguisher;
                if (!v.name.empty())
                    instances.push_back(v);
            }
            p.vpnInstances = std::move(instances);
        });
    names->setPlaceholderText(tr("e.g. vpn1, vpn2"));
    addNote(form, tr("Each becomes `ip vpn-instance <name>` with `ipv4-family` on both devices."));
}

} // namespace tandem::gui
