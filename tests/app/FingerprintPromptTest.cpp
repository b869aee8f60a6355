// The prompt for a device's new key, against a real lab pair: one per device at a time, owned
// by the window, and safe to answer whatever happened to the connection that asked.

#include "MainWindow.h"
#include "TestSupport.h"
#include "client/LabDescription.h"
#include "dialogs/FingerprintDialog.h"
#include "models/InventoryModel.h"
#include "widgets/PairView.h"

#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>
#include <memory>

namespace tandem::gui {
namespace {

using State = client::AgentClient::State;
using test::ProcessResult;
using test::tandemctl;

constexpr int kTimeoutMs = 10000;

class FingerprintPromptTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QSettings().clear();
        QFile::remove(InventoryModel::defaultFile());
        ASSERT_TRUE(m_dir.isValid());
        const ProcessResult up =
            tandemctl({QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dir"),
                       m_dir.path(), QStringLiteral("--base"), test::randomLoopbackBase()});
        ASSERT_EQ(up.exitCode, 0) << up.out.toStdString() << up.err.toStdString();
        QString error;
        const auto lab = client::LabDescription::load(m_dir.path(), &error);
        ASSERT_TRUE(lab.has_value()) << error.toStdString();
        m_lab = *lab;
        if (m_lab.devices[0].fingerprint.isEmpty())
            GTEST_SKIP() << "the lab speaks plain TCP: no key to prompt for";

        m_window = std::make_unique<MainWindow>(MainWindow::Session::Forget);
        m_window->setPasswordPrompt(
            [this](const QString& device, const QString&) -> std::optional<QString> {
                return m_lab.devices[device.contains(m_lab.devices[1].name) ? 1 : 0].password;
            });
        m_window->show();
        // The lab's devices as a user enters them: nothing pinned.
        InventoryPair p;
        p.name = QStringLiteral("Lab pair");
        for (int side = 0; side < 2; ++side) {
            const client::LabDevice& lab = m_lab.devices[side];
            InventoryDevice& d = p.devices[size_t(side)];
            d.name = lab.name;
            d.transport = client::Endpoint::Transport::Tls;
            d.host = lab.address;
            d.port = lab.port;
            d.user = lab.user;
        }
        m_pairId = m_window->inventory()->addPair(p);
    }

    void TearDown() override
    {
        m_window.reset();
        if (QFile::exists(client::labJsonPath(m_dir.path())))
            tandemctl({QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"),
                       m_dir.path()});
    }

    State state(int side) const
    {
        const PairView* view = m_window->pairViewOf(m_pairId);
        return view ? view->device(side).connectionState() : State::Disconnected;
    }

    bool waitForBothPrompts() const
    {
        return QTest::qWaitFor(
            [&] {
                return m_window->fingerprintPrompt(m_pairId, 0) &&
                       m_window->fingerprintPrompt(m_pairId, 1);
            },
            kTimeoutMs);
    }

    QString pin(int side) const
    {
        return m_window->inventory()->pair(m_pairId)->devices[size_t(side)].pinnedFingerprint;
    }

    QTemporaryDir m_dir;
    client::LabDescription m_lab;
    std::unique_ptr<MainWindow> m_window;
    QString m_pairId;
};

TEST_F(FingerprintPromptTest, AsksOncePerDeviceHoweverOftenItConnectsAndAcceptOrCancelIsSafe)
{
    m_window->connectPair(m_pairId);
    ASSERT_TRUE(waitForBothPrompts());
    const QPointer<FingerprintDialog> promptA = m_window->fingerprintPrompt(m_pairId, 0);
    const QPointer<FingerprintDialog> promptB = m_window->fingerprintPrompt(m_pairId, 1);
    EXPECT_EQ(promptA->request().fingerprint, m_lab.devices[0].fingerprint);
    EXPECT_EQ(promptB->request().fingerprint, m_lab.devices[1].fingerprint);
    // Nothing is sent to a device whose key is not decided yet.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return state(0) == State::Disconnected && state(1) == State::Disconnected; },
        kTimeoutMs));

    // Connect again (the double-click, the Connect button): the pair's view is replaced, its
    // new clients ask again — and still one prompt per device, the same ones.
    const QPointer<PairView> first = m_window->pairViewOf(m_pairId);
    m_window->connectPair(m_pairId);
    ASSERT_TRUE(QTest::qWaitFor([&] { return first.isNull(); }, kTimeoutMs));
    QTest::qWait(1500);
    EXPECT_EQ(m_window->fingerprintPrompts().size(), 2);
    EXPECT_EQ(m_window->fingerprintPrompt(m_pairId, 0), promptA.data());
    EXPECT_EQ(m_window->fingerprintPrompt(m_pairId, 1), promptB.data());

    // Accepted: pinned, and the device of the view that shows the pair now connects.
    promptA->acceptButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return state(0) == State::Connected; }, kTimeoutMs));
    EXPECT_EQ(pin(0), m_lab.devices[0].fingerprint);
    EXPECT_TRUE(promptA.isNull()) << "the prompt closes and is deleted";
    // Cancelled: nothing pinned, the device stays disconnected, the window carries on.
    promptB->reject();
    QTest::qWait(500);
    EXPECT_TRUE(promptB.isNull());
    EXPECT_TRUE(pin(1).isEmpty());
    EXPECT_EQ(state(1), State::Disconnected);
    EXPECT_EQ(state(0), State::Connected);
    EXPECT_TRUE(m_window->fingerprintPrompts().isEmpty());
}

TEST_F(FingerprintPromptTest, APromptOutlivesTheConnectionThatAskedAndIsAnsweredSafely)
{
    m_window->connectPair(m_pairId);
    ASSERT_TRUE(waitForBothPrompts());
    const QPointer<FingerprintDialog> promptA = m_window->fingerprintPrompt(m_pairId, 0);
    const QPointer<FingerprintDialog> promptB = m_window->fingerprintPrompt(m_pairId, 1);

    // The pair is closed while its prompts are open: its clients are gone.
    m_window->disconnectPair(m_pairId);
    ASSERT_EQ(m_window->pairViewOf(m_pairId), nullptr);
    ASSERT_FALSE(promptA.isNull());
    promptA->acceptButton()->click();
    promptB->reject();
    QTest::qWait(300);
    EXPECT_TRUE(promptA.isNull());
    EXPECT_TRUE(promptB.isNull());
    // The accepted key is pinned (the user compared it), nothing connected.
    EXPECT_EQ(pin(0), m_lab.devices[0].fingerprint);
    EXPECT_TRUE(pin(1).isEmpty());
    EXPECT_EQ(m_window->pairViewOf(m_pairId), nullptr);

    // Connected again: the pinned device without a question, the other asked again.
    m_window->connectPair(m_pairId);
    ASSERT_TRUE(QTest::qWaitFor([&] { return state(0) == State::Connected; }, kTimeoutMs));
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return m_window->fingerprintPrompt(m_pairId, 1); }, kTimeoutMs));
    EXPECT_EQ(m_window->fingerprintPrompt(m_pairId, 0), nullptr);
    m_window->fingerprintPrompt(m_pairId, 1)->acceptButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return state(1) == State::Connected; }, kTimeoutMs));
    EXPECT_EQ(pin(1), m_lab.devices[1].fingerprint);
}

} // namespace
} // namespace tandem::gui
