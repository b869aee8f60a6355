#include "LocalTransport.h"

#include <QLocalSocket>

namespace tandem::client {

namespace {

QString describe(QLocalSocket::LocalSocketError error, const QString& qtText)
{
    switch (error) {
    case QLocalSocket::ServerNotFoundError:
        return QStringLiteral("no such socket (is the agent running, with --local-socket here?)");
    case QLocalSocket::ConnectionRefusedError:
        return QStringLiteral("connection refused: no agent listens on the socket");
    case QLocalSocket::SocketAccessError:
        return QStringLiteral("permission denied on the socket");
    default:
        return qtText;
    }
}

} // namespace

LocalTransport::LocalTransport(const QString& path, QObject* parent)
    : Transport(parent), m_path(path)
{}

LocalTransport::~LocalTransport()
{
    close();
}

void LocalTransport::open()
{
    if (m_path.isEmpty()) {
        Q_EMIT closed(QStringLiteral("no socket path given"), false);
        return;
    }
    m_socket = new QLocalSocket(this);
    QLocalSocket* socket = m_socket;
    connect(socket, &QLocalSocket::connected, this, &Transport::connected);
    connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
        if (socket == m_socket)
            Q_EMIT received(socket->readAll());
    });
    connect(socket, &QLocalSocket::disconnected, this,
            [this] { finish(QStringLiteral("connection closed by the agent")); });
    connect(socket, &QLocalSocket::errorOccurred, this,
            [this, socket](QLocalSocket::LocalSocketError error) {
                if (socket->state() != QLocalSocket::ConnectedState)
                    finish(describe(error, socket->errorString()));
            });
    socket->connectToServer(m_path);
}

void LocalTransport::write(const QByteArray& bytes)
{
    if (m_socket)
        m_socket->write(bytes);
}

void LocalTransport::close()
{
    if (!m_socket)
        return;
    QLocalSocket* socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void LocalTransport::finish(const QString& reason)
{
    if (!m_socket)
        return;
    close();
    // The agent may be restarting: its socket comes back, so trying again helps.
    Q_EMIT closed(reason, true);
}

} // namespace tandem::client
