#pragma once

// `tandemctl config push-pair | pair-history | pair-rollback`: both devices of a pair changed
// as one through core/client/PairPush (commit confirmed on both, verified, then confirmed, or
// rolled back on both and the rollback verified), and the pair revisions those pushes leave in
// both histories.

#include <QStringList>

namespace tandem::ctl {

extern const char* const kPairUsage;

// True when `arguments` (the words after `config`) name one of these commands.
bool isPairCommand(const QStringList& arguments);

// `arguments` follow the word `config`. Exit status: 0 confirmed (or the dry run passed, or the
// listing printed), 1 refused, rolled back or half-applied, 2 a usage error.
int pairCommand(const QStringList& arguments);

} // namespace tandem::ctl
