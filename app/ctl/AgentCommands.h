#pragma once

// The online tandemctl commands: one subcommand per agent method (display, config
// get/validate/diff/impact/commit/confirm/rollback/history, ha status/switchover/batch-backup,
// sessions, users, user, pools, counts, call), human tables or --json, connecting with
// --host/--port/--user ($TANDEM_PASSWORD or $TANDEM_TOKEN), --ssh, --socket or --lab DIR --device NAME.

#include <QStringList>

namespace tandem::ctl {

// The usage lines of the online commands, for tandemctl's help.
extern const char* const kAgentUsage;
// The connection options, one paragraph, for the --help of every online command.
extern const char* const kConnectionHelp;

// True when `arguments` (the words after `config`) name an online config command rather than
// an offline check on files: get, validate, impact, commit, confirm, rollback, history
// always; diff only with a connection option (--host, --lab) or --id.
bool isOnlineConfigCommand(const QStringList& arguments);

// True for the first word of an online command (display, ha, sessions, …; not config).
bool isAgentCommand(const QString& command);

// `arguments` start with the command word (`display`, `config`, `ha`, …). Returns the exit
// status: 0 success, 1 the agent refused or could not be reached (its message on stderr), 2 a
// usage error.
int agentCommand(const QStringList& arguments);

} // namespace tandem::ctl
