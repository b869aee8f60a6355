#include "BlockingCall.h"

#include "protocol/TlsFingerprint.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTimer>
#include <algorithm>

namespace tandem::ctl {

const QStringList& transportOptions()
{
    static const QStringList options{QStringLiteral("host"),        QStringLiteral("port"),
                                     QStringLiteral("user"),        QStringLiteral("fingerprint"),
                                     QStringLiteral("ssh"),         QStringLiteral("identity"),
                                     QStringLiteral("known-hosts"), QStringLiteral("socket")};
    return options;
}

const QStringList& transportFlags()
{
    static const QStringList flags{QStringLiteral("tls"), QStringLiteral("accept-new-host-key")};
    return flags;
}

namespace {

// [USER@]HOST[:PORT], HOST may be [IPv6]; false when it does not parse.
bool parseSshTarget(const QString& text, client::Endpoint* endpoint)
{
    QString rest = text;
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
    if (at >= 0) {
        endpoint->user = rest.left(at);
        rest = rest.mid(at + 1);
        if (endpoint->user.isEmpty())
            return false;
    }
    QString portText;
    if (rest.startsWith(QLatin1Char('['))) {
        const qsizetype close = rest.indexOf(QLatin1Char(']'));
        if (close < 0)
            return false;
        const QString after = rest.mid(close + 1);
        if (!after.isEmpty() && !after.startsWith(QLatin1Char(':')))
            return false;
        portText = after.mid(1);
        if (!after.isEmpty() && portText.isEmpty())
            return false;
        rest = rest.mid(1, close - 1);
    } else if (rest.count(QLatin1Char(':')) == 1) {
        portText = rest.section(QLatin1Char(':'), 1);
        rest = rest.section(QLatin1Char(':'), 0, 0);
        if (portText.isEmpty())
            return false;
    }
    endpoint->host = rest;
    endpoint->port = 22;
    if (!portText.isEmpty()) {
        bool ok = false;
        const uint port = portText.toUInt(&ok);
        if (!ok || port == 0 || port > 65535)
            return false;
        endpoint->port = quint16(port);
    }
    return !endpoint->host.isEmpty();
}

QString defaultIdentity()
{
    for (const char* name : {"id_ed25519", "id_ecdsa", "id_rsa"}) {
        const QString path = QDir::home().filePath(QStringLiteral(".ssh/") + QLatin1String(name));
        if (QFileInfo::exists(path))
            return path;
    }
    return {};
}

// The certificate of a TLS listener at `endpoint`, or empty when it does not speak TLS: a plain
// TCP client that the agent hangs up on is told what it met.
QString probeTlsCertificate(client::Endpoint endpoint, int timeoutMs)
{
    endpoint.transport = client::Endpoint::Transport::Tls;
    endpoint.pinnedFingerprint.clear();
    client::AgentClient probe;
    QString fingerprint;
    probe.setCertificateDecision([&fingerprint](const QString& seen) {
        fingerprint = seen;
        return false;
    });
    QEventLoop loop;
    QObject::connect(&probe, &client::AgentClient::stateChanged, &loop,
                     [&](client::AgentClient::State state) {
                         if (state == client::AgentClient::State::Disconnected ||
                             state == client::AgentClient::State::Connected)
                             loop.quit();
                     });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    probe.open(endpoint, false);
    if (probe.state() != client::AgentClient::State::Disconnected)
        loop.exec();
    probe.setCertificateDecision({});
    probe.close();
    return fingerprint;
}

} // namespace

std::optional<QJsonValue> callAgent(const client::Endpoint& endpoint, const QString& method,
                                    const QJsonObject& params, int timeoutMs, QString* error,
                                    QJsonValue* errorData)
{
    AgentSession session(endpoint);
    return session.call(method, params, timeoutMs, error, errorData);
}

AgentSession::AgentSession(client::Endpoint endpoint) : m_endpoint(std::move(endpoint)) {}

AgentSession::~AgentSession()
{
    if (m_client)
        m_client->close();
}

bool AgentSession::connect(int timeoutMs, QString* error)
{
    if (m_client && m_client->state() == client::AgentClient::State::Connected)
        return true;
    m_client = std::make_unique<client::AgentClient>();
    client::AgentClient& client = *m_client;
    // Nobody to ask: an unknown host key is refused, and the error says how to accept it.
    QString unknownHostKey;
    client.setHostKeyDecision([&unknownHostKey](const QString& fingerprint) {
        unknownHostKey = fingerprint;
        return false;
    });
    QEventLoop loop;
    QObject::connect(&client, &client::AgentClient::stateChanged, &loop,
                     [&](client::AgentClient::State state) {
                         if (state == client::AgentClient::State::Disconnected ||
                             state == client::AgentClient::State::Connected)
                             loop.quit();
                     });
    bool timedOut = false;
    QTimer::singleShot(timeoutMs, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    client.open(m_endpoint, false);
    // A local socket that is not there fails inside open(), before the loop could run.
    if (client.state() != client::AgentClient::State::Disconnected &&
        client.state() != client::AgentClient::State::Connected)
        loop.exec();
    client.setHostKeyDecision({});
    if (client.state() == client::AgentClient::State::Connected)
        return true;
    *error = timedOut ? QStringLiteral("%1: no answer within %2 ms").arg(m_endpoint.toString()).arg(timeoutMs)
                      : client.lastError();
    if (!timedOut && !unknownHostKey.isEmpty())
        *error += QStringLiteral(" (if it is the device's key, --accept-new-host-key adds it)");
    client.close();
    m_client.reset();
    // An agent's listener is TLS-only: plain TCP to it is hung up on before any hello.
    if (!timedOut && m_endpoint.transport == client::Endpoint::Transport::Tcp) {
        const QString fingerprint = probeTlsCertificate(m_endpoint, std::min(timeoutMs, 5000));
        if (!fingerprint.isEmpty())
            *error =
                QStringLiteral("%1 speaks TLS, not plain TCP: connect with --fingerprint %2 to pin "
                               "its certificate (compare it with `tandem-agent --fingerprint` on "
                               "the device first; --tls alone refuses it, printing it)")
                    .arg(m_endpoint.toString(), fingerprint);
    }
    return false;
}

std::optional<QJsonValue> AgentSession::call(const QString& method, const QJsonObject& params,
                                             int timeoutMs, QString* error, QJsonValue* errorData)
{
    if (!connect(timeoutMs, error))
        return std::nullopt;
    client::AgentClient& client = *m_client;
    QEventLoop loop;
    // The reply may come after this call gave up (its own timeout, or the session's close
    // failing what is pending): it then finds the wait ended and touches nothing of this frame.
    struct Wait
    {
        QEventLoop* loop = nullptr;
        bool answered = false;
        std::optional<QJsonValue> result;
        std::optional<protocol::RpcError> error;
    };
    auto wait = std::make_shared<Wait>();
    wait->loop = &loop;
    QObject::connect(&client, &client::AgentClient::stateChanged, &loop,
                     [&](client::AgentClient::State state) {
                         if (state == client::AgentClient::State::Disconnected)
                             loop.quit();
                     });
    client.call(
        method, params,
        [wait](const QJsonValue& value, const std::optional<protocol::RpcError>& rpcError) {
            if (!wait->loop)
                return;
            wait->answered = true;
            if (rpcError)
                wait->error = rpcError;
            else
                wait->result = value;
            wait->loop->quit();
        },
        timeoutMs);
    QTimer::singleShot(timeoutMs, &loop, [&] { loop.quit(); });
    if (!wait->answered)
        loop.exec();
    wait->loop = nullptr;
    if (wait->error) {
        *error = QStringLiteral("%1: %2").arg(m_endpoint.toString(), wait->error->message);
        if (errorData)
            *errorData = wait->error->data;
    }
    if (!wait->answered) {
        *error = client.state() == client::AgentClient::State::Connected
                     ? QStringLiteral("%1: no answer within %2 ms").arg(m_endpoint.toString()).arg(timeoutMs)
                     : client.lastError();
        if (client.state() != client::AgentClient::State::Connected)
            m_client.reset();
    }
    return wait->result;
}

bool applyTlsOptions(client::Endpoint* endpoint, bool tls, const QString& fingerprint,
                     QString* error)
{
    if (!fingerprint.isEmpty() && !protocol::isCertificateFingerprint(fingerprint)) {
        *error = QStringLiteral("--fingerprint '%1' is not of the form SHA256:<43 base64 "
                                "characters> that `tandem-agent --fingerprint` prints")
                     .arg(fingerprint);
        return false;
    }
    // A pinned certificate can only mean TLS.
    endpoint->transport = tls || !fingerprint.isEmpty() ? client::Endpoint::Transport::Tls
                                                        : client::Endpoint::Transport::Tcp;
    endpoint->pinnedFingerprint = fingerprint;
    return true;
}

bool namesAgent(const QMap<QString, QString>& values)
{
    return values.contains(QStringLiteral("host")) || values.contains(QStringLiteral("ssh")) ||
           values.contains(QStringLiteral("socket"));
}

std::optional<client::Endpoint> endpointFromOptions(const QMap<QString, QString>& values,
                                                    const QSet<QString>& flags, QString* error)
{
    const bool host = values.contains(QStringLiteral("host"));
    const bool ssh = values.contains(QStringLiteral("ssh"));
    const bool socket = values.contains(QStringLiteral("socket"));
    if (!host && !ssh && !socket) {
        *error = QStringLiteral("say which agent: --host HOST --port 1-65535, --ssh "
                                "[USER@]HOST[:PORT], --socket PATH, or --lab DIR [--device NAME]");
        return std::nullopt;
    }
    if (int(host) + int(ssh) + int(socket) > 1) {
        *error = QStringLiteral("give one of --host, --ssh and --socket");
        return std::nullopt;
    }
    // Each transport's own options, refused with the others so that a typo is not ignored.
    const QStringList tlsOnly{QStringLiteral("port"), QStringLiteral("user"),
                              QStringLiteral("fingerprint"), QStringLiteral("tls")};
    const QStringList sshOnly{QStringLiteral("identity"), QStringLiteral("known-hosts"),
                              QStringLiteral("accept-new-host-key")};
    const QString form = host  ? QStringLiteral("--host")
                         : ssh ? QStringLiteral("--ssh")
                               : QStringLiteral("--socket");
    for (const QString& name : host ? sshOnly : ssh ? tlsOnly : tlsOnly + sshOnly) {
        if (values.contains(name) || flags.contains(name)) {
            *error = QStringLiteral("--%1 does not go with %2").arg(name, form);
            return std::nullopt;
        }
    }

    client::Endpoint endpoint;
    const auto environment = QProcessEnvironment::systemEnvironment();
    if (socket) {
        endpoint.transport = client::Endpoint::Transport::Local;
        endpoint.localSocket = values.value(QStringLiteral("socket"));
        endpoint.name = endpoint.localSocket;
        if (endpoint.localSocket.isEmpty()) {
            *error = QStringLiteral("--socket needs the path of the agent's socket");
            return std::nullopt;
        }
        return endpoint;
    }
    if (ssh) {
        const QString target = values.value(QStringLiteral("ssh"));
        endpoint.transport = client::Endpoint::Transport::Ssh;
        if (!parseSshTarget(target, &endpoint)) {
            *error = QStringLiteral("--ssh '%1' is not of the form [USER@]HOST[:PORT]").arg(target);
            return std::nullopt;
        }
        endpoint.name = endpoint.host;
        endpoint.sshKeyFile = values.value(QStringLiteral("identity"), defaultIdentity());
        endpoint.sshAgent = !environment.value(QStringLiteral("SSH_AUTH_SOCK")).isEmpty();
        endpoint.password = environment.value(QStringLiteral("TANDEM_SSH_PASSWORD"));
        endpoint.knownHostsFile = values.value(QStringLiteral("known-hosts"));
        endpoint.sshAcceptNewHostKey = flags.contains(QStringLiteral("accept-new-host-key"));
        return endpoint;
    }
    bool portOk = false;
    endpoint.host = values.value(QStringLiteral("host"));
    const uint port = values.value(QStringLiteral("port")).toUInt(&portOk);
    if (endpoint.host.isEmpty() || !portOk || port == 0 || port > 65535) {
        *error = QStringLiteral("--host needs --port 1-65535");
        return std::nullopt;
    }
    endpoint.name = endpoint.host;
    endpoint.port = quint16(port);
    endpoint.user = values.value(QStringLiteral("user"), QStringLiteral("admin"));
    endpoint.password = environment.value(QStringLiteral("TANDEM_PASSWORD"));
    endpoint.token = environment.value(QStringLiteral("TANDEM_TOKEN")); // wins when set
    if (!applyTlsOptions(&endpoint, flags.contains(QStringLiteral("tls")),
                         values.value(QStringLiteral("fingerprint")), error))
        return std::nullopt;
    return endpoint;
}

std::optional<client::Endpoint> endpointFromWord(const QString& option, const QString& word,
                                                 QString* error)
{
    const QStringList words = QProcess::splitCommand(word);
    QMap<QString, QString> values;
    QSet<QString> flags;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString name = words[i].mid(2);
        if (words[i].startsWith(QStringLiteral("--")) && transportFlags().contains(name)) {
            flags.insert(name);
        } else if (words[i].startsWith(QStringLiteral("--")) && transportOptions().contains(name) &&
                   i + 1 < words.size()) {
            values.insert(name, words[++i]);
        } else {
            *error = QStringLiteral("--%1 '%2': '%3' is not a connection option (--host H --port "
                                    "P, --ssh [USER@]HOST[:PORT], --socket PATH, …)")
                         .arg(option, word, words[i]);
            return std::nullopt;
        }
    }
    auto endpoint = endpointFromOptions(values, flags, error);
    if (!endpoint)
        *error = QStringLiteral("--%1 '%2': %3").arg(option, word, *error);
    return endpoint;
}

} // namespace tandem::ctl
