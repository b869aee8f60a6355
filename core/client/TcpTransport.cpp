#include "TcpTransport.h"

#include "Logging.h"
#include "protocol/TlsFingerprint.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

namespace tandem::client {

TcpTransport::TcpTransport(const Endpoint& endpoint, AgentClient::CertificateDecision decision,
                           QObject* parent)
    : Transport(parent), m_endpoint(endpoint), m_decision(std::move(decision))
{}

TcpTransport::~TcpTransport()
{
    close();
}

void TcpTransport::open()
{
    QSslSocket* sslSocket = nullptr;
    if (m_endpoint.tls()) {
        sslSocket = new QSslSocket(this);
        QSslConfiguration configuration = sslSocket->sslConfiguration();
        configuration.setProtocol(QSsl::TlsV1_2OrLater);
        // The certificate is self-signed: trust comes from the pin checked in onEncrypted(),
        // before hello sends any credentials, not from a CA chain or the host name.
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        sslSocket->setSslConfiguration(configuration);
        m_socket = sslSocket;
        connect(sslSocket, &QSslSocket::encrypted, this, &TcpTransport::onEncrypted);
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &Transport::connected);
    }
    QTcpSocket* socket = m_socket;
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        if (socket == m_socket)
            Q_EMIT received(socket->readAll());
    });
    connect(socket, &QTcpSocket::disconnected, this,
            [this] { finish(QStringLiteral("connection closed by the agent"), true); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket, sslSocket] {
        // A failed TLS handshake happens on a connected TCP socket: it ends the attempt too.
        if (socket->state() != QAbstractSocket::ConnectedState ||
            (sslSocket && !sslSocket->isEncrypted()))
            finish(socket->errorString(), true);
    });
    if (sslSocket)
        sslSocket->connectToHostEncrypted(m_endpoint.host, m_endpoint.port);
    else
        socket->connectToHost(m_endpoint.host, m_endpoint.port);
}

void TcpTransport::onEncrypted()
{
    auto* socket = qobject_cast<QSslSocket*>(m_socket.data());
    if (!socket)
        return;
    const QString fingerprint = protocol::certificateFingerprint(socket->peerCertificate());
    QString refusal;
    if (!m_endpoint.pinnedFingerprint.isEmpty()) {
        if (fingerprint != m_endpoint.pinnedFingerprint)
            refusal = QStringLiteral("certificate changed: expected %1, got %2 — a changed key is "
                                     "refused")
                          .arg(m_endpoint.pinnedFingerprint, fingerprint);
    } else {
        // The decision may run a dialog with its own event loop: this transport may be gone
        // (or closed) after.
        const QPointer<TcpTransport> self(this);
        const bool accepted = m_decision && m_decision(fingerprint);
        if (!self || !m_socket)
            return;
        if (!accepted)
            refusal = QStringLiteral("certificate %1 is not pinned and was not accepted; compare "
                                     "it with `tandem-agent --fingerprint` on the device and pin "
                                     "it")
                          .arg(fingerprint);
    }
    if (!refusal.isEmpty()) {
        // Retrying cannot make an unwanted certificate acceptable.
        finish(refusal, false);
        return;
    }
    Q_EMIT connected();
}

void TcpTransport::write(const QByteArray& bytes)
{
    if (m_socket)
        m_socket->write(bytes);
}

void TcpTransport::close()
{
    if (!m_socket)
        return;
    QTcpSocket* socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void TcpTransport::finish(const QString& reason, bool retry)
{
    if (!m_socket)
        return;
    close();
    Q_EMIT closed(reason, retry);
}

} // namespace tandem::client
