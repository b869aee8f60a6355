#pragma once

// Agent-protocol framing: each message is a 4-byte big-endian length followed by that many
// bytes of UTF-8 JSON. The same bytes travel over TCP, TLS, the local socket and SSH.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <optional>

namespace tandem::protocol {

inline constexpr quint32 kMaxFrameSize = 16u * 1024u * 1024u;

QByteArray encodeFrame(QByteArrayView payload);

// Splits a byte stream into frames. A length over the limit (or zero) poisons the stream:
// there is no way to find the next frame boundary, so the connection must be closed.
class FrameDecoder final
{
public:
    explicit FrameDecoder(quint32 maxFrameSize = kMaxFrameSize) : m_maxFrameSize(maxFrameSize) {}

    void append(QByteArrayView bytes) { m_buffer.append(bytes); }
    // The next complete frame, or nullopt when more bytes are needed or the stream failed.
    std::optional<QByteArray> takeFrame();
    bool failed() const { return !m_error.isEmpty(); }
    const QString& error() const { return m_error; }
    qsizetype bufferedBytes() const { return m_buffer.size(); }

private:
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    quint32 m_maxFrameSize;
    QString m_error;
};

} // namespace tandem::protocol
