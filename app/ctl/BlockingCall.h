#pragma once

// One request to one agent, waited for: what a command-line tool needs; and the options that
// say which agent and how to reach it, shared by every online command.

#include "client/AgentClient.h"

#include <QJsonValue>
#include <QMap>
#include <QSet>
#include <QStringList>
#include <memory>
#include <optional>

namespace tandem::ctl {

// Connects, says hello, calls `method`, disconnects. On failure returns nullopt and *error
// names the endpoint and the cause (refused, timed out, authentication, agent's error); an
// agent's error also sets *errorData (when given) to its `data`, e.g. a commit's issues.
// Nobody is asked about an unknown TLS certificate or SSH host key: it is refused, naming
// its fingerprint, unless the endpoint pins it or accepts new SSH host keys.
std::optional<QJsonValue> callAgent(const client::Endpoint& endpoint, const QString& method,
                                    const QJsonObject& params, int timeoutMs, QString* error,
                                    QJsonValue* errorData = nullptr);

// The same over one connection kept for several calls (a paged listing, a drill): one hello,
// one TLS handshake or SSH login. A dropped connection is opened again at the next call.
class AgentSession
{
public:
    explicit AgentSession(client::Endpoint endpoint);
    ~AgentSession();
    AgentSession(const AgentSession&) = delete;
    AgentSession& operator=(const AgentSession&) = delete;

    std::optional<QJsonValue> call(const QString& method, const QJsonObject& params,
                                   int timeoutMs, QString* error, QJsonValue* errorData = nullptr);

private:
    bool connect(int timeoutMs, QString* error);

    client::Endpoint m_endpoint;
    std::unique_ptr<client::AgentClient> m_client;
};

// `[--tls] [--fingerprint SHA256:…]` of the --host form onto `endpoint`: a fingerprint
// implies TLS. One that is not shaped like `tandem-agent --fingerprint` prints it is a usage
// error named in *error. TLS without a fingerprint refuses the agent's certificate, naming it.
bool applyTlsOptions(client::Endpoint* endpoint, bool tls, const QString& fingerprint,
                     QString* error);

// The transport options of the online commands: which take a value (host port user
// fingerprint ssh identity known-hosts socket), which are flags (tls accept-new-host-key).
const QStringList& transportOptions();
const QStringList& transportFlags();

// The agent the transport options name (not --lab):
//   --host H --port P [--user U] [--tls] [--fingerprint SHA256:…]   TLS (with --tls or a
//       fingerprint) or plain TCP, the password from $TANDEM_PASSWORD, or instead an API
//       token from $TANDEM_TOKEN when that is set;
//   --ssh [USER@]HOST[:PORT] [--identity FILE] [--known-hosts FILE] [--accept-new-host-key]
//       the `tandem` subsystem of the device's sshd: the key file (default the first of
//       ~/.ssh/id_ed25519, id_ecdsa, id_rsa), ssh-agent when $SSH_AUTH_SOCK is set, the SSH
//       password from $TANDEM_SSH_PASSWORD; known_hosts default ~/.ssh/known_hosts;
//   --socket PATH   the agent's unix socket on this host.
// nullopt with *error on a usage error (none of them, two of them, a malformed value, an
// option of one transport given to another).
std::optional<client::Endpoint> endpointFromOptions(const QMap<QString, QString>& values,
                                                    const QSet<QString>& flags, QString* error);

// One device of a pair named in one word, `--a 'TRANSPORT'`: the transport options above,
// quoted as a shell would split them ('--host 10.0.0.1 --port 7830 --fingerprint SHA256:…',
// '--socket /run/a.sock'). An error names `option`, the word and what is wrong in it.
std::optional<client::Endpoint> endpointFromWord(const QString& option, const QString& word,
                                                 QString* error);

// Whether any of the transport options that name an agent (--host, --ssh, --socket) is given.
bool namesAgent(const QMap<QString, QString>& values);

} // namespace tandem::ctl
