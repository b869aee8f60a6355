#pragma once

// One request to one agent, waited for: what a command-line tool needs.

#include "client/AgentClient.h"

#include <QJsonValue>
#include <optional>

namespace tandem::ctl {

// Connects, says hello, calls `method`, disconnects. On failure returns nullopt and *error
// names the endpoint and the cause (refused, timed out, authentication, agent's error); an
// agent's error also sets *errorData (when given) to its `data`, e.g. a commit's issues.
std::optional<QJsonValue> callAgent(const client::Endpoint& endpoint, const QString& method,
                                    const QJsonObject& params, int timeoutMs, QString* error,
                                    QJsonValue* errorData = nullptr);

// `--tls [--fingerprint SHA256:…]` of the --host form onto `endpoint`. A fingerprint without
// --tls, or one that is not shaped like `tandem-agent --fingerprint` prints it, is a usage
// error named in *error. Without a fingerprint the agent's certificate is refused, naming it.
bool applyTlsOptions(client::Endpoint* endpoint, bool tls, const QString& fingerprint,
                     QString* error);

} // namespace tandem::ctl
