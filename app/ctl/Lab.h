#pragma once

// A lab pair: two tandem-agents on distinct loopback addresses, described by DIR/lab.json.

#include "client/LabDescription.h"
#include "config/PairPlan.h"
#include "protocol/DeviceStatus.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <optional>

namespace tandem::ctl {

using client::LabDescription;
using client::LabDevice;
using client::LabMode;

struct LabUpOptions
{
    QString dir;
    LabMode mode = LabMode::OneToOne;
    bool bare = false; // basic NAT only: no hot backup, each device its own master
    QString baseAddress = QStringLiteral("127.0.0.11"); // first device; the next ones follow
    QString agentPath; // empty: next to tandemctl, then PATH
    int timeoutMs = 20000;
    int advertMs = 200; // VRRP advert interval, a multiple of 10 ms
    // Traffic started on both agents once the roles settle (lab.traffic); rate 0: none.
    double rate = 2000; // session opens per second per service-location
    int subscribers = 10000;
    double churnSeconds = 30;
    int sessionTable = 1 << 20; // sessions each board holds (`session-table size`)
};

// Reads `lab up`'s --advert-ms MS (10–40950, a multiple of 10), --rate N, --subscribers N and
// --churn SECONDS into *options; an error names the option.
bool parseLabUpTuning(const QMap<QString, QString>& args, LabUpOptions* options, QString* error);

// Writes the configs, starts both agents, waits until every service-location has exactly one
// master and writes DIR/lab.json. On any failure it stops what it started and says why.
std::optional<LabDescription> labUp(const LabUpOptions& options, QString* error);

// Starts (or changes) the same traffic on every device of the lab: `params` as lab.traffic
// takes them, with one startMs for all so that their generators run in lockstep.
bool startLabTraffic(const LabDescription& lab, QJsonObject params, QString* error);

// Stops the agents of DIR/lab.json (SIGTERM, then SIGKILL) and removes lab.json.
bool labDown(const QString& dir, QString* error);

struct LabDeviceState
{
    LabDevice device;
    bool running = false;
    std::optional<protocol::DeviceStatus> status; // set when the agent answered
    QString error;
};

QList<LabDeviceState> labStatus(const LabDescription& lab, int timeoutMs);

// For each service-location id: the name of the device that is its master, empty if none,
// "CGN-A+CGN-B" if both claim it.
QList<QPair<int, QString>> mastersBySlg(const QList<LabDeviceState>& states);

bool isAgentProcess(qint64 pid);

// The lab plan (config::labPlan: A master of service-location 1, in 1+1 B of 2, the lab's
// addresses and ports, adverts every `advertMs`) applied to the devices' running
// configurations: what `lab up` without --bare would have started, built on what runs now — a
// bare lab's way to a pair by `config push-pair`. Nullopt with *error when a device does not
// answer or the plan does not generate.
std::optional<config::GeneratedPair> labPairOnRunning(const LabDescription& lab,
                                                      config::PairMode mode, int advertMs,
                                                      QString* error);

} // namespace tandem::ctl
