#include "UnixStream.h"

#include <QSocketNotifier>
#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tandem::mgmt {

namespace {

constexpr qsizetype kReadChunk = 64 * 1024;

} // namespace

UnixStream::UnixStream(int descriptor, QObject* parent)
    : QIODevice(parent), m_fd(descriptor),
      m_readNotifier(new QSocketNotifier(descriptor, QSocketNotifier::Read, this)),
      m_writeNotifier(new QSocketNotifier(descriptor, QSocketNotifier::Write, this))
{
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    ::fcntl(m_fd, F_SETFD, FD_CLOEXEC);
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &UnixStream::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &UnixStream::onWritable);
    QIODevice::open(QIODevice::ReadWrite | QIODevice::Unbuffered);
}

UnixStream::~UnixStream()
{
    if (m_fd >= 0) {
        m_readNotifier->setEnabled(false);
        m_writeNotifier->setEnabled(false);
        ::close(m_fd);
    }
}

qint64 UnixStream::bytesAvailable() const
{
    return m_input.size() - m_inputOffset + QIODevice::bytesAvailable();
}

qint64 UnixStream::bytesToWrite() const
{
    return m_output.size();
}

qint64 UnixStream::readData(char* data, qint64 maxSize)
{
    const qint64 n = std::min<qint64>(maxSize, m_input.size() - m_inputOffset);
    if (n <= 0)
        return m_fd < 0 ? -1 : 0;
    std::copy_n(m_input.constData() + m_inputOffset, n, data);
    m_inputOffset += n;
    if (m_inputOffset == m_input.size()) {
        m_input.clear();
        m_inputOffset = 0;
    }
    return n;
}

qint64 UnixStream::writeData(const char* data, qint64 size)
{
    if (m_fd < 0 || m_closing)
        return -1;
    m_output.append(data, size);
    m_writeNotifier->setEnabled(true);
    return size;
}

void UnixStream::onReadable()
{
    const qsizetype old = m_input.size();
    m_input.resize(old + kReadChunk);
    ssize_t got;
    do
        got = ::recv(m_fd, m_input.data() + old, std::size_t(kReadChunk), 0);
    while (got < 0 && errno == EINTR);
    m_input.resize(old + std::max<ssize_t>(got, 0));
    if (got > 0) {
        Q_EMIT readyRead();
        return;
    }
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (got < 0) {
        closeDescriptor(); // reset by the peer: nobody reads what we would write
        return;
    }
    // The end of the stream: the peer sends no more, and may still read.
    m_readNotifier->setEnabled(false);
    m_inputFinished = true;
    Q_EMIT readChannelFinished();
}

void UnixStream::onWritable()
{
    qsizetype sent = 0;
    while (sent < m_output.size()) {
        const ssize_t n = ::send(m_fd, m_output.constData() + sent,
                                 std::size_t(m_output.size() - sent), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n < 0) {
            m_output.clear();
            closeDescriptor(); // EPIPE, ECONNRESET: the peer is gone
            return;
        }
        sent += n;
    }
    m_output.remove(0, sent);
    if (!m_output.isEmpty())
        return;
    m_writeNotifier->setEnabled(false);
    if (sent > 0)
        Q_EMIT bytesWritten(sent);
    if (m_closing && m_fd >= 0)
        closeDescriptor();
}

void UnixStream::disconnectFromPeer()
{
    if (m_fd < 0)
        return;
    m_closing = true;
    m_readNotifier->setEnabled(false);
    if (m_output.isEmpty())
        closeDescriptor();
}

void UnixStream::abort()
{
    m_output.clear();
    closeDescriptor();
}

void UnixStream::closeDescriptor()
{
    if (m_fd < 0)
        return;
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    ::close(m_fd);
    m_fd = -1;
    QIODevice::close();
    Q_EMIT disconnected();
}

} // namespace tandem::mgmt
