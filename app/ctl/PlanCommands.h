#pragma once

// `tandemctl config plan` and `config generate`: a pair plan (core/config/PairPlan.h) as JSON,
// read from two devices, and both devices' configurations generated from one.
//   config plan (--lab DIR | --a 'TRANSPORT' --b 'TRANSPORT') [--mode 1:1|1+1]
//       the pair's own plan (derivePlan) when it runs hot backup; otherwise a proposal with the
//       wizard's defaults (proposePlan): the devices' addresses, free VRIDs, their virtual IPs
//       (a lab's: its preempt delay and backup port too). TRANSPORT is one device's connection
//       options of the online commands in one word, e.g. '--socket /run/a.sock' or
//       '--host 10.0.0.1 --port 7830 --fingerprint SHA256:…'.
//   config generate --plan P.json --a OUT_A.cfg --b OUT_B.cfg [--lab DIR | --base A.cfg B.cfg]
//       both configs, each built on its device's running config (--lab), on the given files
//       (--base), or on the base configs the plan names (a.baseConfig, b.baseConfig, relative
//       to the plan file). An error names the plan field ("P.json: serviceLocations[0].vrid: …").

#include <QStringList>

namespace tandem::ctl {

// The usage lines, for tandemctl's help.
extern const char* const kPlanUsage;

// True when `arguments` (the words after `config`) are `plan …` or `generate …`.
bool isPlanCommand(const QStringList& arguments);

// `arguments` follow the word `config`. Returns the exit status: 0 success, 1 an error in the
// plan, the configs or reaching a device, 2 a usage error.
int planCommand(const QStringList& arguments);

} // namespace tandem::ctl
