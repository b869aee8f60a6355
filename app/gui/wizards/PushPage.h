#pragma once

// Page 9: the pair push (PairPush): both generated configurations committed as one, confirmed
// only once the pair is proved to work. Its events live with their elapsed time, a countdown of
// the confirm deadline, Cancel rolls back; then each verification check and the outcome.
// The push starts when the page is shown and Finish waits for its end.

#include "client/PairPush.h"

#include <QWizardPage>
#include <optional>

class QLabel;
class QListWidget;
class QPushButton;
class QTimer;

namespace tandem::gui {

class HotBackupWizard;

class PushPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PushPage)

public:
    explicit PushPage(HotBackupWizard* wizard);
    ~PushPage() override;

    void initializePage() override;
    bool isComplete() const override;

    bool pushing() const { return m_push && !m_push->finished(); }
    // Rolls back (or stops before the commit); the page shows how it ended.
    void cancelPush();
    const std::optional<client::PairPushResult>& result() const { return m_result; }
    QStringList eventTexts() const;
    QStringList checkTexts() const;
    QString outcomeText() const;
    QString countdownText() const;

Q_SIGNALS:
    void finished(const tandem::client::PairPushResult& result);

private:
    void onProgress(const client::PushEvent& event);
    void onDone(const client::PairPushResult& result);
    void updateCountdown();

    HotBackupWizard* m_wizard;
    QListWidget* m_events;
    QListWidget* m_checks;
    QLabel* m_countdown;
    QLabel* m_outcome;
    QPushButton* m_cancel;
    QTimer* m_tick;
    std::unique_ptr<client::PairPush> m_push;
    std::optional<client::PairPushResult> m_result;
    QElapsedTimer m_deadlineClock; // since the first commit
};

} // namespace tandem::gui
