#pragma once

// `tandemctl config check|pair-check|diff`: offline checks of VRP-style configuration files,
// for people who keep device configs in git. No agent is involved.

#include <QStringList>

namespace tandem::ctl {

// The usage lines of the config commands, for tandemctl's help.
extern const char* const kConfigUsage;

// `arguments` follow the word `config`. Returns the exit status: 0 no error finding, 1 an error
// finding (or a file that cannot be read), 2 a usage error.
int configCommand(const QStringList& arguments);

} // namespace tandem::ctl
