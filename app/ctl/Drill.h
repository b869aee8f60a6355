#pragma once

// `tandemctl drill`: failover drills on a running lab pair under traffic. Each trial injects one
// fault into the master of service-location 1, measures the switchover's phases from the new
// master's switchover event, checks that no session older than the sync lag was lost, restores
// the pair and compares both devices' table digests once the standby is in sync again.
//
// Sessions lost, exactly: teardowns are held on both devices for the trial (the generators
// keep opening sessions), the old master's sessions are listed, and the fault comes
// delay-time + 1 s after that listing ended, so every listed session is older than the sync
// lag. A listed session missing on the new master right after the switchover (or present with
// another public address or port) is lost; one whose engine timer ran out meanwhile is not
// counted (`sessions_expired`).
//
// --clients N runs the trials a second time with N watchers of the pair (each connected to
// both devices over TLS, subscribed to state, events and counters at 10 Hz — or polling
// status.get where the agent lacks the counters topic) and reports both sets of figures, the
// load the watchers carried and the switchovers they heard.

#include <QStringList>

namespace tandem::ctl {

int drillCommand(const QStringList& arguments);

} // namespace tandem::ctl
