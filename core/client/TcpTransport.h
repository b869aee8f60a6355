#pragma once

// Plain TCP (tests of the plain listener, the lab) or TLS with a pinned certificate.

#include "AgentClient.h"
#include "Transport.h"

#include <QPointer>

class QSslSocket;
class QTcpSocket;

namespace tandem::client {

class TcpTransport final : public Transport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TcpTransport)

public:
    // TLS: a certificate that no pin names goes to `decision` before any byte is sent;
    // without a decision it is refused.
    TcpTransport(const Endpoint& endpoint, AgentClient::CertificateDecision decision,
                 QObject* parent = nullptr);
    ~TcpTransport() override;

    void open() override;
    void write(const QByteArray& bytes) override;
    void close() override;

private:
    void onEncrypted();
    void finish(const QString& reason, bool retry);

    Endpoint m_endpoint;
    AgentClient::CertificateDecision m_decision;
    QPointer<QTcpSocket> m_socket;
};

} // namespace tandem::client
