#pragma once

// Prometheus metrics over HTTP (`metrics listen <ip> port <p>`): GET /metrics answers the text
// exposition format 0.0.4, anything else a plain error; one request per connection.
//
// Its own port and a tiny HTTP subset on purpose: a scrape never shares a queue with the agent
// protocol, and a slow or hostile client costs one socket for at most the idle timeout.

#include <QObject>
#include <QString>
#include <functional>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace tandem::mgmt {

// Builds exposition text: `# HELP`, `# TYPE` once per family, then samples.
class MetricsWriter
{
public:
    enum class Type { Gauge, Counter };
    // Starts a family; samples follow until the next family.
    void family(const char* name, Type type, const char* help);
    // `labels` already formatted: `sl="1",state="master"` (escape with label()).
    void sample(double value, const QString& labels = {});
    static QString label(const char* name, const QString& value);
    const QString& text() const { return m_text; }

private:
    QString m_text;
    QString m_name;
};

class MetricsServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricsServer)

public:
    using Provider = std::function<QString()>;

    explicit MetricsServer(Provider provider, QObject* parent = nullptr);
    ~MetricsServer() override;

    // False with *error naming the address and port when it cannot be bound.
    bool listen(const QString& address, quint16 port, QString* error);
    quint16 port() const;

    static constexpr int kMaxRequestBytes = 8192;
    static constexpr int kIdleTimeoutMs = 5000;

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void respond(QTcpSocket* socket, int status, const QByteArray& reason, const QByteArray& body,
                 const QByteArray& contentType);

    Provider m_provider;
    QTcpServer* m_server;
};

} // namespace tandem::mgmt
