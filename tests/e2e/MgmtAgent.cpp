#include "MgmtAgent.h"

#include "TestSupport.h"
#include "protocol/Password.h"

#include <QFile>
#include <QHostAddress>
#include <QLocalSocket>
#include <QTcpServer>
#include <QSslSocket>
#include <QTcpSocket>
#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

namespace tandem::test {

const QString MgmtAgent::kViewerPassword = QStringLiteral("viewer-secret-1");
const QString MgmtAgent::kOperatorPassword = QStringLiteral("operator-secret-2");
const QString MgmtAgent::kAdminPassword = QStringLiteral("admin-secret-3");
const QString MgmtAgent::kCiToken =
    QStringLiteral("tdm_ci-token-4-aGVsbG8gd29ybGQgZnJvbSB0aGUgdGVzdHM");

QString osUserName()
{
    const passwd* entry = ::getpwuid(::getuid());
    return entry ? QString::fromLocal8Bit(entry->pw_name) : QString();
}

QJsonObject helloParams(const QString& user, const QString& password)
{
    QJsonObject params{{QStringLiteral("version"), QStringLiteral("1.0")},
                       {QStringLiteral("client"), QStringLiteral("e2e")}};
    if (!user.isNull())
        params.insert(QStringLiteral("user"), user);
    if (!password.isNull())
        params.insert(QStringLiteral("password"), password);
    return params;
}

MgmtAgent::MgmtAgent() = default;

MgmtAgent::~MgmtAgent()
{
    stop();
}

bool MgmtAgent::start(const Options& options)
{
    if (!m_dir.isValid())
        return false;
    m_address = randomLoopbackBase();
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress(m_address), 0))
            return false;
        m_port = probe.serverPort();
    }
    m_configPath = m_dir.filePath(QStringLiteral("agent.cfg"));
    m_localSocketPath = options.localSocketPath;
    // Few iterations: the tests log in often, and the hash's strength is not under test.
    const auto hash = [](const QString& password) {
        return protocol::hashPassword(password, 1000);
    };
    QString users = QStringLiteral(" management user viewer role viewer password-hash %1\n"
                                   " management user operator role operator password-hash %2\n"
                                   " management user admin role admin password-hash %3\n"
                                   " management user ci role operator token-sha256 %4\n")
                        .arg(hash(kViewerPassword), hash(kOperatorPassword), hash(kAdminPassword),
                             protocol::apiTokenSha256(kCiToken));
    if (!options.peerRole.isEmpty())
        users +=
            QStringLiteral(" management user %1 role %2\n").arg(osUserName(), options.peerRole);
    QFile file(m_configPath);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QStringLiteral("sysname M\n"
                              "interface GigabitEthernet0/1/1\n"
                              " ip address %1 255.0.0.0\n"
                              " vrrp vrid 1 virtual-ip 127.0.0.254\n"
                              "service-location 1\n"
                              " location slot 1\n"
                              " remote-backup interface GigabitEthernet0/1/1 peer 127.0.0.253%3\n"
                              " vrrp vrid 1 interface GigabitEthernet0/1/1\n"
                              "tandem-agent\n"
                              "%2"
                              "%4"
                              " vrrp-transport udp port 11297\n")
                   .arg(m_address)
                   .arg(options.listen ? QStringLiteral(" management listen %1 port %2%3\n")
                                             .arg(m_address)
                                             .arg(m_port)
                                             .arg(options.tls ? QStringLiteral(" tls")
                                                              : QString())
                                       : QString())
                   .arg(options.channelKey.isEmpty()
                            ? QString()
                            : QStringLiteral(" authentication-key ") + options.channelKey,
                        users)
                   .toUtf8());
    file.close();

    m_process = std::make_unique<QProcess>();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (auto it = options.environment.cbegin(); it != options.environment.cend(); ++it)
        environment.insert(it.key(), it.value());
    m_process->setProcessEnvironment(environment);
    QStringList arguments{QStringLiteral("--config"), m_configPath};
    if (!m_localSocketPath.isEmpty())
        arguments << QStringLiteral("--local-socket") << m_localSocketPath;
    m_log.clear();
    // A file, not a pipe: an agent that logs a lot while the test is not reading must not
    // block on a full pipe.
    QFile::remove(m_dir.filePath(QStringLiteral("agent.err")));
    m_process->setStandardErrorFile(m_dir.filePath(QStringLiteral("agent.err")));
    m_process->start(binary(QStringLiteral("tandem-agent")), arguments);
    if (!m_process->waitForStarted(10000))
        return false;
    const QString ready = QStringLiteral("agent protocol on local socket");
    waitFor([&] { return log().contains(ready) || m_process->state() == QProcess::NotRunning; },
            20000);
    return running() && m_log.contains(ready);
}

void MgmtAgent::stop()
{
    if (!m_process)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(10000))
        m_process->kill();
    m_process->waitForFinished(5000);
    log();
    m_process.reset();
}

qint64 MgmtAgent::pid() const
{
    return m_process ? m_process->processId() : 0;
}

bool MgmtAgent::running() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString MgmtAgent::localSocketPath() const
{
    return m_localSocketPath.isEmpty() ? m_configPath + QStringLiteral(".d/agent.sock")
                                       : m_localSocketPath;
}

QString MgmtAgent::log()
{
    if (m_process)
        if (QFile err(m_dir.filePath(QStringLiteral("agent.err"))); err.open(QIODevice::ReadOnly))
            m_log = QString::fromUtf8(err.readAll());
    return m_log;
}

FrameClient::FrameClient(std::unique_ptr<QIODevice> device) : m_device(std::move(device)) {}

FrameClient::~FrameClient() = default;

std::unique_ptr<FrameClient> FrameClient::tcp(const MgmtAgent& agent, const QString& source)
{
    auto socket = std::make_unique<QTcpSocket>();
    if (!source.isEmpty()) {
        EXPECT_TRUE(socket->bind(QHostAddress(source)));
    }
    socket->connectToHost(agent.address(), agent.port());
    EXPECT_TRUE(socket->waitForConnected(5000));
    return std::unique_ptr<FrameClient>(new FrameClient(std::move(socket)));
}

std::unique_ptr<FrameClient> FrameClient::tls(const QString& address, quint16 port,
                                              const QString& source, int timeoutMs)
{
    auto socket = std::make_unique<QSslSocket>();
    socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    if (!source.isEmpty()) {
        EXPECT_TRUE(socket->bind(QHostAddress(source)));
    }
    socket->connectToHostEncrypted(address, port);
    EXPECT_TRUE(socket->waitForEncrypted(timeoutMs)) << socket->errorString().toStdString();
    return std::unique_ptr<FrameClient>(new FrameClient(std::move(socket)));
}

std::unique_ptr<FrameClient> FrameClient::local(const QString& path)
{
    auto socket = std::make_unique<QLocalSocket>();
    socket->connectToServer(path);
    EXPECT_TRUE(socket->waitForConnected(5000)) << socket->errorString().toStdString();
    return std::unique_ptr<FrameClient>(new FrameClient(std::move(socket)));
}

bool FrameClient::isOpen() const
{
    if (const auto* tcp = qobject_cast<const QAbstractSocket*>(m_device.get()))
        return tcp->state() != QAbstractSocket::UnconnectedState;
    if (const auto* local = qobject_cast<const QLocalSocket*>(m_device.get()))
        return local->state() != QLocalSocket::UnconnectedState;
    return false;
}

bool FrameClient::connected() const
{
    return isOpen();
}

void FrameClient::sendBytes(const QByteArray& bytes)
{
    m_device->write(bytes);
    if (auto* tcp = qobject_cast<QAbstractSocket*>(m_device.get()))
        tcp->flush();
    else if (auto* local = qobject_cast<QLocalSocket*>(m_device.get()))
        local->flush();
}

std::optional<protocol::Message> FrameClient::receive(int timeoutMs)
{
    std::optional<QByteArray> frame = m_decoder.takeFrame();
    if (!frame)
        waitFor(
            [&] {
                m_device->waitForReadyRead(10);
                m_decoder.append(m_device->readAll());
                frame = m_decoder.takeFrame();
                return frame.has_value() || !isOpen();
            },
            timeoutMs);
    if (!frame)
        return std::nullopt;
    protocol::RpcError error;
    return protocol::parseMessage(*frame, &error);
}

std::optional<protocol::Message> FrameClient::call(const QString& method, const QJsonObject& params,
                                                   int timeoutMs)
{
    const qint64 id = m_nextId++;
    sendJson(protocol::encodeRequest(id, method, params));
    // Notifications of subscriptions may come first.
    for (;;) {
        auto message = receive(timeoutMs);
        if (!message || message->kind != protocol::Message::Kind::Notification)
            return message;
    }
}

std::optional<protocol::Message> FrameClient::hello(const QString& user, const QString& password)
{
    return call(QStringLiteral("hello"), helloParams(user, password));
}

std::optional<protocol::Message> FrameClient::helloWithToken(const QString& user,
                                                             const QString& token)
{
    QJsonObject params = helloParams(user, {});
    params.insert(QStringLiteral("token"), token);
    return call(QStringLiteral("hello"), params);
}

bool FrameClient::closedByPeer(int timeoutMs)
{
    return waitFor(
        [&] {
            m_device->waitForReadyRead(10);
            m_decoder.append(m_device->readAll());
            return !isOpen();
        },
        timeoutMs);
}

} // namespace tandem::test
