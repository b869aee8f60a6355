#include "protocol/Frame.h"

#include <QList>
#include <gtest/gtest.h>

using tandem::protocol::encodeFrame;
using tandem::protocol::FrameDecoder;

TEST(Frame, EncodesBigEndianLengthThenPayload)
{
    const QByteArray frame = encodeFrame("{\"a\":1}");
    ASSERT_EQ(frame.size(), 4 + 7);
    EXPECT_EQ(frame.left(4), QByteArray::fromHex("00000007"));
    EXPECT_EQ(frame.mid(4), QByteArray("{\"a\":1}"));
}

TEST(Frame, DecodesFramesSplitAtEveryByte)
{
    const QByteArray stream = encodeFrame("first") + encodeFrame("second") + encodeFrame("3");
    FrameDecoder decoder;
    QList<QByteArray> frames;
    for (char byte : stream) {
        decoder.append(QByteArrayView(&byte, 1));
        while (auto frame = decoder.takeFrame())
            frames.append(*frame);
    }
    EXPECT_EQ(frames, (QList<QByteArray>{"first", "second", "3"}));
    EXPECT_FALSE(decoder.failed());
    EXPECT_EQ(decoder.bufferedBytes(), 0);
}

TEST(Frame, DecodesSeveralFramesFromOneRead)
{
    FrameDecoder decoder;
    decoder.append(encodeFrame("one") + encodeFrame("two") + encodeFrame("thr").left(5));
    EXPECT_EQ(decoder.takeFrame(), QByteArray("one"));
    EXPECT_EQ(decoder.takeFrame(), QByteArray("two"));
    EXPECT_FALSE(decoder.takeFrame().has_value()); // third is incomplete
    decoder.append(encodeFrame("thr").mid(5));
    EXPECT_EQ(decoder.takeFrame(), QByteArray("thr"));
}

TEST(Frame, OversizedLengthFailsTheStreamWithAMessage)
{
    FrameDecoder decoder(1024);
    decoder.append(QByteArray::fromHex("00000401") + QByteArray(10, 'x'));
    EXPECT_FALSE(decoder.takeFrame().has_value());
    ASSERT_TRUE(decoder.failed());
    EXPECT_EQ(decoder.error().toStdString(), "frame of 1025 bytes exceeds the limit of 1024 bytes");
    // A failed stream stays failed: the next bytes cannot be trusted to start a frame.
    decoder.append(encodeFrame("ok"));
    EXPECT_FALSE(decoder.takeFrame().has_value());
}

TEST(Frame, DefaultLimitIs16MiB)
{
    FrameDecoder decoder;
    decoder.append(QByteArray::fromHex("01000001"));
    EXPECT_FALSE(decoder.takeFrame().has_value());
    EXPECT_TRUE(decoder.failed());
    EXPECT_TRUE(decoder.error().contains(QStringLiteral("16777217")));
}

TEST(Frame, ZeroLengthIsAnError)
{
    FrameDecoder decoder;
    decoder.append(QByteArray::fromHex("00000000"));
    EXPECT_FALSE(decoder.takeFrame().has_value());
    EXPECT_TRUE(decoder.failed());
}
