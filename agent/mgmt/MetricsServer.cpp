#include "MetricsServer.h"

#include "Logging.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <cmath>

namespace tandem::mgmt {

void MetricsWriter::family(const char* name, Type type, const char* help)
{
    m_name = QLatin1String(name);
    m_text += QStringLiteral("# HELP %1 %2\n# TYPE %1 %3\n")
                  .arg(m_name, QLatin1String(help),
                       type == Type::Counter ? QStringLiteral("counter") : QStringLiteral("gauge"));
}

void MetricsWriter::sample(double value, const QString& labels)
{
    m_text += m_name;
    if (!labels.isEmpty())
        m_text += QLatin1Char('{') + labels + QLatin1Char('}');
    m_text += QLatin1Char(' ');
    if (std::isnan(value))
        m_text += QStringLiteral("NaN");
    else if (value == std::floor(value) && std::abs(value) < 1e15)
        m_text += QString::number(qint64(value));
    else
        m_text += QString::number(value, 'g', 17);
    m_text += QLatin1Char('\n');
}

QString MetricsWriter::label(const char* name, const QString& value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('"'), QStringLiteral("\\\""))
        .replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return QStringLiteral("%1=\"%2\"").arg(QLatin1String(name), escaped);
}

MetricsServer::MetricsServer(Provider provider, QObject* parent)
    : QObject(parent), m_provider(std::move(provider)), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &MetricsServer::onNewConnection);
}

MetricsServer::~MetricsServer() = default;

bool MetricsServer::listen(const QString& address, quint16 port, QString* error)
{
    if (m_server->listen(QHostAddress(address), port))
        return true;
    *error = QStringLiteral("cannot serve metrics on %1:%2: %3")
                 .arg(address)
                 .arg(port)
                 .arg(m_server->errorString());
    return false;
}

quint16 MetricsServer::port() const
{
    return m_server->serverPort();
}

void MetricsServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(kIdleTimeoutMs, socket, [socket] { socket->abort(); });
    }
}

void MetricsServer::onReadyRead(QTcpSocket* socket)
{
    // Only the request head matters; wait for its end (a blank line).
    QByteArray head = socket->property("head").toByteArray() + socket->readAll();
    if (head.size() > kMaxRequestBytes) {
        respond(socket, 431, "Request Header Fields Too Large",
                "request head exceeds " + QByteArray::number(kMaxRequestBytes) + " bytes\n",
                "text/plain");
        return;
    }
    if (!head.contains("\r\n\r\n") && !head.contains("\n\n")) {
        socket->setProperty("head", head);
        return;
    }
    const QList<QByteArray> requestLine = head.left(head.indexOf('\n')).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/")) {
        respond(socket, 400, "Bad Request", "not an HTTP request line\n", "text/plain");
        return;
    }
    const QByteArray& method = requestLine[0];
    const QByteArray path = requestLine[1].left(requestLine[1].indexOf('?') < 0 ? requestLine[1].size()
                                                                            : requestLine[1].indexOf('?'));
    if (path != "/metrics") {
        respond(socket, 404, "Not Found", "only /metrics is served here\n", "text/plain");
        return;
    }
    if (method != "GET" && method != "HEAD") {
        respond(socket, 405, "Method Not Allowed", "use GET /metrics\n", "text/plain");
        return;
    }
    const QByteArray body = m_provider().toUtf8();
    respond(socket, 200, "OK", method == "HEAD" ? QByteArray() : body,
            "text/plain; version=0.0.4; charset=utf-8");
}

void MetricsServer::respond(QTcpSocket* socket, int status, const QByteArray& reason,
                            const QByteArray& body, const QByteArray& contentType)
{
    socket->disconnect(this); // one request per connection
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    response += "Content-Type: " + contentType + "\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    response += "Connection: close\r\n\r\n";
    response += body;
    socket->write(response);
    socket->disconnectFromHost();
}

} // namespace tandem::mgmt
