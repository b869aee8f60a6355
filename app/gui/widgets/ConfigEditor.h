#pragma once

// The configuration of ONE device: what runs (read-only), a candidate to edit with live
// validation (parse + validate + pair check against the peer's running text, debounced), the
// diff of the two, and the commit point: validate on the device, commit, commit confirmed with
// a countdown, rollback to a history entry. Committing is for admins only; anyone else sees
// the candidate read-only. All agent calls go through client::ConfigClient.

#include "client/ConfigClient.h"
#include "config/Validate.h"
#include "widgets/DiffView.h"

#include <QWidget>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;
class QsciScintilla;

namespace tandem::gui {

class VrpLexer;

class ConfigEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigEditor)

public:
    static constexpr int kValidateDelayMs = 150;
    static constexpr int kExpiryCheckMs = 500;
    static constexpr int kExpiryChecks = 20;
    static constexpr int kErrorIndicator = 8;
    static constexpr int kWarningIndicator = 9;
    static constexpr int kErrorMarker = 1;
    static constexpr int kWarningMarker = 2;

    // `client` may be null (no device yet): the editor then works on the texts it is given.
    explicit ConfigEditor(client::AgentClient* client, QWidget* parent = nullptr);
    ~ConfigEditor() override;

    // Reads the running configuration and the history again; the candidate becomes the
    // running text.
    void reload();
    // The peer's running text, for the pair check; empty: no pair check.
    void setPeerRunningText(const QString& text);
    // Sets the running text (and the candidate to it) without asking the agent.
    void setRunningText(const QString& text);
    // Admin or not: whether the candidate is editable and the commit buttons work.
    void setMayCommit(bool mayCommit, const QString& why = {});

    QsciScintilla* runningEditor() const { return m_running; }
    QsciScintilla* candidateEditor() const { return m_candidate; }
    DiffView* diffView() const { return m_diff; }
    QTreeWidget* findingList() const { return m_findings; }
    QTabWidget* tabs() const { return m_tabs; }
    QPushButton* commitButton() const { return m_commit; }
    QPushButton* commitConfirmedButton() const { return m_commitConfirmed; }
    QPushButton* confirmButton() const { return m_confirm; }
    QPushButton* validateButton() const { return m_validate; }
    QPushButton* rollbackButton() const { return m_rollback; }
    QSpinBox* confirmSecondsBox() const { return m_confirmSeconds; }
    QComboBox* historyBox() const { return m_history; }
    QLabel* statusLabel() const { return m_status; }
    const std::vector<config::Finding>& findings() const { return m_lastFindings; }
    QString runningText() const { return m_runningText; }
    // The commit confirmed waiting for a confirm (0: none) and the seconds left until the
    // device rolls it back by itself.
    int pendingCommit() const { return m_pendingCommit; }
    int secondsLeft() const;
    // Confirms the pending commit (the Confirm button, and the window's status bar).
    void confirm();

    // Runs the local checks on the candidate now (what the debounce timer does).
    void validateNow();
    // Applies the checks' findings to the candidate: indicators, markers, list.
    void showFindings(const std::vector<config::Finding>& findings);
    // The work of one keystroke, for the benchmark: the checks of `text` against the peer.
    static std::vector<config::Finding> check(const std::string& text,
                                              const std::string& peerText);

Q_SIGNALS:
    void runningTextChanged();
    void validated();
    // A commit confirmed started, ticked a second, was confirmed or expired.
    void pendingChanged();

private:
    QsciScintilla* makeEditor(bool readOnly);
    void updateDiff();
    void jumpTo(QTreeWidgetItem* item);
    void validateOnDevice();
    void commit(std::optional<int> confirmSeconds);
    void rollback();
    void tick();
    // After a deadline: asks the history until commit `commitId` is no longer pending.
    void awaitExpiry(int commitId, int attempt);
    void loadHistory();
    void setStatus(const QString& text);
    void updateButtons();

    std::unique_ptr<client::ConfigClient> m_client;
    QTabWidget* m_tabs = nullptr;
    QsciScintilla* m_running = nullptr;
    QsciScintilla* m_candidate = nullptr;
    DiffView* m_diff = nullptr;
    QLabel* m_summary = nullptr;
    VrpLexer* m_runningLexer = nullptr;
    VrpLexer* m_candidateLexer = nullptr;
    QTreeWidget* m_findings = nullptr;
    QPushButton* m_validate = nullptr;
    QPushButton* m_commit = nullptr;
    QPushButton* m_commitConfirmed = nullptr;
    QPushButton* m_confirm = nullptr;
    QPushButton* m_rollback = nullptr;
    QSpinBox* m_confirmSeconds = nullptr;
    QComboBox* m_history = nullptr;
    QLabel* m_status = nullptr;
    QTimer* m_debounce = nullptr;
    QTimer* m_countdown = nullptr;
    QString m_runningText;
    QString m_peerText;
    std::vector<config::Finding> m_lastFindings;
    int m_pendingCommit = 0;
    qint64 m_deadlineMs = 0;
    bool m_mayCommit = true;
    QString m_whyNot;
};

} // namespace tandem::gui
