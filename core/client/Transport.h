#pragma once

// The byte stream under an AgentClient: one connection attempt to one agent, over TCP or TLS
// (TcpTransport), the agent's unix socket (LocalTransport) or the `tandem` subsystem of an
// OpenSSH server (SshTransport). The client makes a new transport for every attempt.

#include <QByteArray>
#include <QObject>
#include <QString>

namespace tandem::client {

class Transport : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Transport)

public:
    using QObject::QObject;

    // Starts connecting; ends in connected() or closed(). closed() may come before open()
    // returns.
    virtual void open() = 0;
    // Sends bytes once connected(); they go out in order.
    virtual void write(const QByteArray& bytes) = 0;
    // Drops the connection; no signal follows.
    virtual void close() = 0;

Q_SIGNALS:
    void connected();
    void received(const QByteArray& bytes);
    // The connection ended or was never made; `reason` says what failed. `retry` false: trying
    // again cannot help (a refused host key or certificate, rejected SSH credentials).
    void closed(const QString& reason, bool retry);
};

// The name of the OS user this process runs as: who the agent's local socket, and an SSH
// server by default, see.
QString currentOsUser();

} // namespace tandem::client
