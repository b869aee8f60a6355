#pragma once

// `tandemctl drill`: failover drills on a running lab pair under traffic. Each trial injects one
// fault into the master of service-location 1, measures the switchover's phases from the new
// master's switchover event, checks that no session that should have survived was lost,
// restores the pair and compares both devices' table digests once the standby is in sync again.
// `--soak N` runs N trials of faults drawn at random, one after another.
//
// Sessions lost, exactly: teardowns are held on both devices for the trial (the generators
// keep opening sessions), and the old master's sessions are listed right before the fault,
// with its engine clock. After the fault each listed session is looked up on the new master
// (without a switchover: on the standby, once the fault is healed and it has caught up). One
// missing there, or present with another public address or port, is lost — unless its own
// timer ran out meanwhile (`sessions_expired`) or it was younger than delay-time at the fault
// (`sessions_not_backed_up`: the device does not back those up, by design). A trial that ends
// before that comparison reports no figure (null), never 0.
//
// Every way out of a trial undoes what it injected, before the trial is reported: lab faults
// healed, traffic holds released, a killed agent started again, a manual switchover's role
// returned (by the old master's preemption, or else a switchover back).
//
// --clients N runs the trials a second time with N watchers of the pair (each connected to
// both devices over TLS, subscribed to state, events and counters at 10 Hz — or polling
// status.get where the agent lacks the counters topic) and reports both sets of figures, the
// load the watchers carried and the switchovers they heard.

#include <QStringList>

namespace tandem::ctl {

// The usage lines of the drill command, for tandemctl's help and `drill --help`.
extern const char* const kDrillUsage;

// The faults a drill injects (--fault KIND), in the order its usage names them.
extern const QStringList kFaultKinds;

int drillCommand(const QStringList& arguments);

} // namespace tandem::ctl
