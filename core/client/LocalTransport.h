#pragma once

// The agent's unix socket on this host (`tandem-agent --local-socket`); the agent knows the
// peer's OS user from the socket itself, so no password travels.

#include "Transport.h"

#include <QPointer>

class QLocalSocket;

namespace tandem::client {

class LocalTransport final : public Transport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalTransport)

public:
    explicit LocalTransport(const QString& path, QObject* parent = nullptr);
    ~LocalTransport() override;

    void open() override;
    void write(const QByteArray& bytes) override;
    void close() override;

private:
    void finish(const QString& reason);

    QString m_path;
    QPointer<QLocalSocket> m_socket;
};

} // namespace tandem::client
