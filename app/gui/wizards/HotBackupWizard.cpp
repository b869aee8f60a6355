#include "HotBackupWizard.h"

#include "BackupChannelPage.h"
#include "BatchBackupPage.h"
#include "HaHotBackupPage.h"
#include "LoadBalancingPage.h"
#include "ModePage.h"
#include "PlanDefaults.h"
#include "PreChecksPage.h"
#include "PushPage.h"
#include "SummaryPage.h"
#include "TrackingPage.h"
#include "VpnOverNatPage.h"
#include "VrrpPage.h"
#include "client/AgentClient.h"
#include "config/PlanProposal.h"

namespace tandem::gui {

HotBackupWizard::HotBackupWizard(client::AgentClient* a, client::AgentClient* b, QWidget* parent)
    : QWizard(parent), m_clients{a, b}
{
    setWindowTitle(tr("Hot-backup wizard"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage, false);
    m_preChecks = new PreChecksPage(this);
    m_mode = new ModePage(this);
    m_summary = new SummaryPage(this);
    m_push = new PushPage(this);
    setPage(PreChecks, m_preChecks);
    setPage(Mode, m_mode);
    setPage(HaHotBackup, new HaHotBackupPage(this));
    setPage(BackupChannel, new BackupChannelPage(this));
    setPage(Vrrp, new VrrpPage(this));
    setPage(Tracking, new TrackingPage(this));
    setPage(LoadBalancing, new LoadBalancingPage(this));
    setPage(VpnOverNat, new VpnOverNatPage(this));
    setPage(BatchBackup, new BatchBackupPage(this));
    setPage(Summary, m_summary);
    setPage(Push, m_push);
    setStartId(PreChecks);
    m_planErrors = config::checkPlan(m_plan);
    resize(860, 640);
}

HotBackupWizard::~HotBackupWizard() = default;

QString HotBackupWizard::deviceName(int side) const
{
    const client::AgentClient* c = client(side);
    if (!c)
        return side == 0 ? QStringLiteral("A") : QStringLiteral("B");
    const QString device = c->helloResult().value(QStringLiteral("device")).toString();
    if (!device.isEmpty())
        return device;
    return c->endpoint().name.isEmpty() ? c->endpoint().toString() : c->endpoint().name;
}

void HotBackupWizard::editPlan(const std::function<void(config::PairPlan&)>& edit)
{
    edit(m_plan);
    m_planErrors = config::checkPlan(m_plan);
    Q_EMIT planChanged();
}

void HotBackupWizard::setRunning(const config::DeviceConfig& a, const config::DeviceConfig& b)
{
    m_running = {a, b};
    if (m_hasRunning)
        return; // what was typed stays; the summary generates on the configs read last
    m_hasRunning = true;
    const config::DerivedPlan derived = config::derivePlan(a, b);
    m_fromExisting = derived.ok() && a.hotBackupEnabled && b.hotBackupEnabled;
    if (m_fromExisting) {
        m_unexpressed = derived.unexpressed;
        m_loadBalancing = !derived.plan.loadBalancing.empty();
        m_vpnOverNat = !derived.plan.vpnInstances.empty();
        m_batchBackup = !derived.plan.batchBackup || derived.plan.batchBackupIntervalSeconds;
        editPlan([&](config::PairPlan& plan) { plan = derived.plan; });
    } else {
        config::ProposalDefaults defaults;
        defaults.mode = a.serviceLocations.size() > 1 ? config::PairMode::OnePlusOne
                                                      : config::PairMode::OneToOne;
        const config::ProposedPlan proposed = config::proposePlan(a, b, defaults);
        // What no default could be found for is left for the user; checkPlan names it.
        editPlan([&](config::PairPlan& plan) {
            plan = proposed.ok() ? proposed.plan : defaultPlan(a, b);
        });
        m_vpnOverNat = !m_plan.vpnInstances.empty();
    }
    Q_EMIT optionsChanged();
}

void HotBackupWizard::setMode(config::PairMode mode)
{
    if (m_plan.mode == mode)
        return;
    // The service-locations the proposal makes for the mode (1:1 pairs one, 1+1 two); what was
    // typed for a location kept stays.
    std::vector<config::PlanServiceLocation> locations = m_plan.serviceLocations;
    if (m_hasRunning && !m_fromExisting) {
        config::ProposalDefaults defaults;
        defaults.mode = mode;
        const config::ProposedPlan proposed =
            config::proposePlan(m_running[0], m_running[1], defaults);
        if (proposed.ok()) {
            std::vector<config::PlanServiceLocation> fresh = proposed.plan.serviceLocations;
            for (config::PlanServiceLocation& l : fresh)
                for (const config::PlanServiceLocation& old : locations)
                    if (old.id == l.id)
                        l = old;
            locations = std::move(fresh);
        }
    }
    editPlan([&](config::PairPlan& plan) {
        plan.mode = mode;
        plan.serviceLocations = locations;
        assignMasters(plan);
    });
}

bool HotBackupWizard::optionChosen(Option option) const
{
    switch (option) {
    case Option::LoadBalancing:
        return m_loadBalancing;
    case Option::VpnOverNat:
        return m_vpnOverNat;
    case Option::BatchBackup:
        return m_batchBackup;
    }
    return false;
}

void HotBackupWizard::setOptionChosen(Option option, bool chosen)
{
    switch (option) {
    case Option::LoadBalancing:
        m_loadBalancing = chosen;
        // Not chosen: not planned (an entry typed earlier goes with the choice).
        if (!chosen)
            editPlan([](config::PairPlan& plan) { plan.loadBalancing.clear(); });
        break;
    case Option::VpnOverNat:
        m_vpnOverNat = chosen;
        if (!chosen)
            editPlan([](config::PairPlan& plan) { plan.vpnInstances.clear(); });
        break;
    case Option::BatchBackup:
        m_batchBackup = chosen;
        break;
    }
    Q_EMIT optionsChanged();
}

int HotBackupWizard::nextId() const
{
    int id = currentId() + 1;
    for (; id <= Push; ++id) {
        if (id == LoadBalancing && !m_loadBalancing)
            continue;
        if (id == VpnOverNat && !m_vpnOverNat)
            continue;
        if (id == BatchBackup && !m_batchBackup)
            continue;
        return id;
    }
    return -1;
}

void HotBackupWizard::reject()
{
    // While the push runs, Cancel rolls back; the wizard closes once the push has ended.
    if (m_push->pushing()) {
        m_push->cancelPush();
        return;
    }
    QWizard::reject();
}

} // namespace tandem::gui
