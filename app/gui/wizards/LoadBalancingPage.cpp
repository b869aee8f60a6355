#include "LoadBalancingPage.h"

#include "HotBackupWizard.h"

#include <QFormLayout>
#include <QVBoxLayout>

namespace tandem::gui {

namespace {

config::PlanLoadBalancing& entry(config::PairPlan& p)
{
    if (p.loadBalancing.empty())
        p.loadBalancing.emplace_back();
    return p.loadBalancing.front();
}

const config::PlanLoadBalancing& entry(const config::PairPlan& p)
{
    static const config::PlanLoadBalancing none;
    return p.loadBalancing.empty() ? none : p.loadBalancing.front();
}

} // namespace

LoadBalancingPage::LoadBalancingPage(HotBackupWizard* wizard)
    : PlanPage(wizard, {QStringLiteral("loadBalancing")})
{
    setTitle(tr("Load balancing"));
    setSubTitle(tr("The pool is slave on the backup device; the NAT address steers the "
                   "traffic to the master chassis."));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    layout->addLayout(form);
    layout->addStretch();
    const QString key = QStringLiteral("loadBalancing[0].");
    addText(form, key + QStringLiteral("natInstance"), tr("NAT instance"),
            [](const config::PairPlan& p) { return entry(p).natInstance; },
            [](config::PairPlan& p, std::string v) { entry(p).natInstance = std::move(v); });
    addText(form, key + QStringLiteral("pool"), tr("Pool"),
            [](const config::PairPlan& p) { return entry(p).pool; },
            [](config::PairPlan& p, std::string v) { entry(p).pool = std::move(v); });
    addAddress(form, key + QStringLiteral("ipAddress"), tr("nat ip-address"),
               [](const config::PairPlan& p) { return entry(p).ipAddress; },
               [](config::PairPlan& p, config::Ipv4Address v) { entry(p).ipAddress = v; });
    addSpin(form, key + QStringLiteral("prefixLength"), tr("Prefix length"), 16, 32,
            [](const config::PairPlan& p) { return entry(p).prefixLength; },
            [](config::PairPlan& p, int v) { entry(p).prefixLength = v; });
    addText(form, key + QStringLiteral("vpnInstance"), tr("VPN instance (optional)"),
            [](const config::PairPlan& p) { return entry(p).vpnInstance; },
            [](config::PairPlan& p, std::string v) { entry(p).vpnInstance = std::move(v); });
}

void LoadBalancingPage::initializePage()
{
    // The page shown means load balancing is planned: an entry to fill.
    planWizard()->editPlan([](config::PairPlan& p) { entry(p); });
    PlanPage::initializePage();
}

} // namespace tandem::gui
