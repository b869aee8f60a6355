#pragma once

// The agent's local sessions: a connected unix stream socket as a QIODevice that survives the
// peer's half-close. QLocalSocket closes its descriptor as soon as it reads the end of the
// stream and drops what it has not written yet, so a client that sends its requests and then
// shuts down its sending side (the SSH bridge at the end of stdin, a one-shot script) would
// lose the replies. Here the end of the stream only emits readChannelFinished(); output goes on
// until disconnectFromPeer() has written it all, abort(), or the peer is gone.
//
// Non-blocking and event driven on the thread that owns it; write() only queues (the bytes go
// out when the socket is writable), so no signal is emitted from inside write().

#include <QByteArray>
#include <QIODevice>
#include <QLocalServer>

class QSocketNotifier;

namespace tandem::mgmt {

class UnixStream final : public QIODevice
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixStream)

public:
    // Takes `descriptor`, a connected stream socket, and opens the device for reading and
    // writing.
    explicit UnixStream(int descriptor, QObject* parent = nullptr);
    ~UnixStream() override;

    int descriptor() const { return m_fd; } // -1 once closed
    bool inputFinished() const { return m_inputFinished; }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    qint64 bytesToWrite() const override;
    // Stops reading and closes once everything written has left.
    void disconnectFromPeer();
    // Closes now; what is unsent is dropped.
    void abort();

Q_SIGNALS:
    // The descriptor is closed: after disconnectFromPeer() or abort(), or because the peer is
    // gone (a reset, a broken pipe).
    void disconnected();

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 size) override;

private:
    void onReadable();
    void onWritable();
    void closeDescriptor();

    int m_fd;
    QSocketNotifier* m_readNotifier;
    QSocketNotifier* m_writeNotifier;
    QByteArray m_input;
    qsizetype m_inputOffset = 0; // read up to here
    QByteArray m_output;
    bool m_inputFinished = false;
    bool m_closing = false; // disconnectFromPeer(): close once m_output is out
};

// A QLocalServer whose connections are descriptors for UnixStream, not QLocalSockets.
class UnixStreamServer final : public QLocalServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixStreamServer)

public:
    using QLocalServer::QLocalServer;

Q_SIGNALS:
    void accepted(int descriptor); // the receiver owns it

protected:
    void incomingConnection(quintptr descriptor) override { Q_EMIT accepted(int(descriptor)); }
};

} // namespace tandem::mgmt
