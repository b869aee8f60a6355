#pragma once

// The hot-backup wizard: makes two devices an inter-chassis hot-backup pair in the order of the
// device documentation (reference §3): pre-checks, mode, HA hot backup, backup channel, VRRP,
// tracking, the optional parts, a summary of both generated configurations and the pair push.
// The wizard holds the data (the plan and what was read from the devices); the pages only
// collect input and show results. Generation, checks and the push are core's (PairPlan,
// PairCheck, PairPush), the very code tandemctl runs.

#include "config/PairPlan.h"

#include <QString>
#include <QWizard>
#include <array>
#include <vector>

namespace tandem::client {
class AgentClient;
}

namespace tandem::gui {

class PreChecksPage;
class ModePage;
class SummaryPage;
class PushPage;

class HotBackupWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HotBackupWizard)

public:
    enum PageId
    {
        PreChecks,
        Mode,
        HaHotBackup,
        BackupChannel,
        Vrrp,
        Tracking,
        LoadBalancing,
        VpnOverNat,
        BatchBackup,
        Summary,
        Push,
    };
    // The optional pages, chosen on the mode page.
    enum class Option
    {
        LoadBalancing,
        VpnOverNat,
        BatchBackup,
    };

    // The clients are not owned and must stay open for the wizard's life.
    HotBackupWizard(client::AgentClient* a, client::AgentClient* b, QWidget* parent = nullptr);
    ~HotBackupWizard() override;

    client::AgentClient* client(int side) const { return m_clients[std::size_t(side)]; }
    // The device's name as its agent says (its sysname), or the endpoint's.
    QString deviceName(int side) const;

    const config::PairPlan& plan() const { return m_plan; }
    // Every page edits the plan through here; planChanged() follows.
    void editPlan(const std::function<void(config::PairPlan&)>& edit);
    // 1:1 or 1+1: the masters (and, for a proposed plan, the paired locations) follow.
    void setMode(config::PairMode mode);
    // checkPlan's errors for the plan as it is now.
    const std::vector<config::PlanError>& planErrors() const { return m_planErrors; }

    // What the pre-checks read: both running configurations (with their secrets).
    void setRunning(const config::DeviceConfig& a, const config::DeviceConfig& b);
    bool hasRunning() const { return m_hasRunning; }
    const config::DeviceConfig& running(int side) const { return m_running[std::size_t(side)]; }
    // True when the plan was read from a pair the devices already form (derivePlan).
    bool startedFromExistingPair() const { return m_fromExisting; }
    // What derivePlan found configured that the plan cannot express (generation drops it).
    const std::vector<std::string>& unexpressed() const { return m_unexpressed; }

    bool optionChosen(Option option) const;
    void setOptionChosen(Option option, bool chosen);

    // T of the push's `commit confirmed`.
    int confirmSeconds() const { return m_confirmSeconds; }
    void setConfirmSeconds(int seconds) { m_confirmSeconds = seconds; }

    PreChecksPage* preChecksPage() const { return m_preChecks; }
    ModePage* modePage() const { return m_mode; }
    SummaryPage* summaryPage() const { return m_summary; }
    PushPage* pushPage() const { return m_push; }

    int nextId() const override;
    void reject() override;

Q_SIGNALS:
    void planChanged();
    void optionsChanged();

private:
    std::array<client::AgentClient*, 2> m_clients;
    config::PairPlan m_plan;
    std::vector<config::PlanError> m_planErrors;
    std::array<config::DeviceConfig, 2> m_running;
    bool m_hasRunning = false;
    bool m_fromExisting = false;
    std::vector<std::string> m_unexpressed;
    bool m_loadBalancing = false;
    bool m_vpnOverNat = false;
    bool m_batchBackup = false;
    int m_confirmSeconds = 120;
    PreChecksPage* m_preChecks = nullptr;
    ModePage* m_mode = nullptr;
    SummaryPage* m_summary = nullptr;
    PushPage* m_push = nullptr;
};

} // namespace tandem::gui
