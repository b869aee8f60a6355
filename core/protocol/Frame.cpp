#include "Frame.h"

#include <QtEndian>

namespace tandem::protocol {

QByteArray encodeFrame(QByteArrayView payload)
{
    QByteArray frame(4 + payload.size(), Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(payload.size()), frame.data());
    std::copy(payload.begin(), payload.end(), frame.begin() + 4);
    return frame;
}

std::optional<QByteArray> FrameDecoder::takeFrame()
{
    if (failed())
        return std::nullopt;
    const qsizetype available = m_buffer.size() - m_offset;
    if (available < 4)
        return std::nullopt;
    const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + m_offset);
    if (length == 0 || length > m_maxFrameSize) {
        m_error = length == 0 ? QStringLiteral("frame of length 0")
                              : QStringLiteral("frame of %1 bytes exceeds the limit of %2 bytes")
                                    .arg(length)
                                    .arg(m_maxFrameSize);
        m_buffer.clear();
        m_offset = 0;
        return std::nullopt;
    }
    if (available - 4 < qsizetype(length))
        return std::nullopt;
    QByteArray payload = m_buffer.mid(m_offset + 4, length);
    m_offset += 4 + length;
    // Compact once the consumed prefix dominates, so a long-lived stream stays small.
    if (m_offset == m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    } else if (m_offset > 64 * 1024 && m_offset * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    return payload;
}

} // namespace tandem::protocol
