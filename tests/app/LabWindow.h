#pragma once

// The app tests' lab: a pair of real agents (`tandemctl lab up`) on a loopback block of its
// own with the real main window open on it, both stopped again whatever the test did.

#include "MainWindow.h"
#include "TestSupport.h"
#include "client/ConfigClient.h"
#include "client/LabDescription.h"
#include "widgets/PairView.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <optional>

namespace tandem::test {

// What `client`'s agent runs, secrets in clear (the caller is its admin); empty when it does not
// answer within `timeoutMs` or refuses.
inline QString runningText(client::AgentClient* agent, int timeoutMs = 15000)
{
    client::ConfigClient config(agent);
    std::optional<client::CallResult<protocol::ConfigGetResult>> got;
    protocol::ConfigGetRequest request;
    request.secrets = true;
    config.get(request, [&](const auto& r) { got = r; });
    if (!QTest::qWaitFor([&] { return got.has_value(); }, timeoutMs) || !got->ok())
        return {};
    return got->value().text;
}

class LabWindow
{
public:
    LabWindow() = default;
    LabWindow(const LabWindow&) = delete;
    LabWindow& operator=(const LabWindow&) = delete;
    ~LabWindow() { stop(); }

    // `lab up` (with `extra` options), the window opened on it and shown, both devices
    // connected within `timeoutMs`; false with *why otherwise.
    bool start(QString* why, const QStringList& extra = {}, int timeoutMs = 15000)
    {
        QSettings().clear();
        if (!m_dir.isValid()) {
            *why = QStringLiteral("no temporary directory");
            return false;
        }
        const ProcessResult up = tandemctl(
            QStringList{QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dir"),
                        m_dir.path(), QStringLiteral("--base"), randomLoopbackBase()} +
            extra);
        if (!up.finished || up.exitCode != 0) {
            *why = QStringLiteral("lab up: ") + up.out + up.err;
            return false;
        }
        m_lab = client::LabDescription::load(m_dir.path(), why);
        if (!m_lab)
            return false;
        m_window = std::make_unique<gui::MainWindow>(gui::MainWindow::Session::Forget);
        if (!m_window->openLab(m_dir.path(), why))
            return false;
        m_window->show();
        if (!QTest::qWaitFor(
                [&] {
                    return client(0)->state() == client::AgentClient::State::Connected &&
                           client(1)->state() == client::AgentClient::State::Connected;
                },
                timeoutMs)) {
            *why = QStringLiteral("the window did not connect to both devices");
            return false;
        }
        return true;
    }

    // The window closed, then the lab stopped.
    void stop()
    {
        m_window.reset();
        if (m_lab) {
            tandemctl(
                {QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"), m_dir.path()});
            m_lab.reset();
        }
    }

    QString dir() const { return m_dir.path(); }
    const client::LabDescription& lab() const { return *m_lab; }
    gui::MainWindow* window() const { return m_window.get(); }
    gui::PairView* pairView() const { return m_window->pairView(); }
    client::AgentClient* client(int side) const
    {
        return &pairView()->deviceMonitor(side)->client();
    }

private:
    QTemporaryDir m_dir;
    std::optional<client::LabDescription> m_lab;
    std::unique_ptr<gui::MainWindow> m_window;
};

} // namespace tandem::test
