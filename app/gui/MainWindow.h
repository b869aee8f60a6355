#pragma once

// Tandem's main window: the inventory of pairs (a dock), a tab per open pair or a hint on how
// to get one; menus and status bar (both follow the current tab), and what is remembered
// between runs (see GuiSettings; the inventory itself is inventory.json, passwords are in the
// keychain).

#include "client/AgentClient.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <array>
#include <functional>
#include <optional>

class QAction;
class QDockWidget;
class QLabel;
class QPushButton;
class QLineEdit;
class QMenu;
class QMessageBox;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QTreeView;

namespace tandem::gui {

class DeviceDialog;
class FingerprintDialog;
class HotBackupWizard;
class EventLogDock;
class InventoryFilterModel;
class InventoryModel;
class PairView;
class SecretStore;
struct FingerprintRequest;
struct InventoryPair;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // Forget: nothing is read from or written to the settings (screenshots, one-off runs).
    enum class Session
    {
        Remember,
        Forget
    };

    explicit MainWindow(Session session = Session::Remember, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Shows the pair of DIR/lab.json in a tab of its own, or its tab when it is open already;
    // on failure *error says why and the window is unchanged.
    bool openLab(const QString& dir, QString* error);
    // Reopens the lab of the previous run, if any. False (with *error set when there was one
    // to reopen) when nothing was opened.
    bool reopenLastLab(QString* error);
    // Reopens the pairs that were open when the previous run ended, in their order, the
    // current one current again (labs at once, other pairs once their passwords are read);
    // after a run that recorded none, the last lab. False (with *error set when a lab could
    // not be opened) when nothing was opened or is being connected.
    bool reopenLastPairs(QString* error);

    // Shows the inventory of `file` (with Session::Forget it is not written back).
    bool loadInventory(const QString& file, QString* error);

    // Connects to a pair of the inventory and shows it in a new tab; an open pair's tab is
    // shown instead (and reconnected when a device gave up). Passwords come from memory, then
    // the keychain, then the user; a lab pair's from its lab.json. Errors go to the status bar.
    void connectPair(const QString& pairId);
    // Disconnects the pair and closes its tab; "" the current tab's.
    void disconnectPair(const QString& pairId = {});
    // The current tab's inventory pair, "" when none.
    QString openPairId() const;
    // The open pairs, in tab order.
    QStringList openPairIds() const;

    // The add / edit dialog, opened (not modal for the caller); on Save the pair is in the
    // inventory and its passwords in the keychain.
    DeviceDialog* showDeviceDialog(const QString& pairId = {});

    // Tests answer the prompts a user would: a key's fingerprint at first connect, a password
    // the keychain does not have (nullopt: cancelled).
    using FingerprintDecision = std::function<bool(const FingerprintRequest& request)>;
    using PasswordPrompt =
        std::function<std::optional<QString>(const QString& device, const QString& reason)>;
    void setFingerprintDecision(FingerprintDecision decision)
    {
        m_fingerprintDecision = std::move(decision);
    }
    void setPasswordPrompt(PasswordPrompt prompt) { m_passwordPrompt = std::move(prompt); }

    // The open prompt for a device's new key (one per device at a time), nullptr when none.
    FingerprintDialog* fingerprintPrompt(const QString& pairId, int side) const;
    QList<FingerprintDialog*> fingerprintPrompts() const;

    // The explanation shown when a device presents a key other than the pinned one, while open.
    QMessageBox* pinMismatchMessage() const;

    InventoryModel* inventory() const { return m_inventory; }
    InventoryFilterModel* inventoryFilter() const { return m_inventoryFilter; }
    QTreeView* inventoryView() const { return m_inventoryView; }
    QLineEdit* inventoryFilterEdit() const { return m_inventoryFilterEdit; }
    QDockWidget* inventoryDock() const { return m_inventoryDock; }
    SecretStore* secretStore() const { return m_secrets; }
    QAction* connectAction() const { return m_connectAction; }
    QAction* disconnectAction() const { return m_disconnectAction; }
    QAction* closePairAction() const { return m_closePairAction; }
    QAction* nextPairAction() const { return m_nextPairAction; }
    QAction* previousPairAction() const { return m_previousPairAction; }
    QMenu* pairMenu() const { return m_pairMenu; }
    // Pair → Hot-backup wizard…: opens the wizard (not modal) on the current pair's two
    // devices; nullptr when no pair is open. It closes with the pair's tab.
    HotBackupWizard* openHotBackupWizard();
    QAction* hotBackupWizardAction() const { return m_hotBackupWizardAction; }
    // The status bar's confirm of a pending commit confirmed (hidden when none is pending).
    QPushButton* confirmButton() const { return m_confirmButton; }
    // View → Appearance: follow the system, light, dark (remembered).
    QList<QAction*> schemeActions() const { return m_schemeActions; }

    // The current tab's pair, nullptr when none is open.
    PairView* pairView() const;
    // One per open pair, in tab order; nullptr when `pairId` is not open.
    QList<PairView*> pairViews() const;
    PairView* pairViewOf(const QString& pairId) const;
    int pairCount() const;
    QTabWidget* pairTabs() const { return m_pairTabs; }
    EventLogDock* eventLogDock() const { return m_eventLogDock; }
    // "Updated 0.4 s ago", or why there is no update.
    QString updateAgeText() const;
    // What the window said at start about a missing CJK font under a Chinese locale; "" when
    // nothing was missing.
    QString fontWarning() const { return m_fontWarning; }
    // The current tab's lab directory, "" when it is not a lab pair.
    QString labDirectory() const;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createInventoryDock();
    void fitInventoryColumns();
    void fitToScreen();
    void createMenus();
    void saveInventory();
    QString selectedPairId() const;
    QString selectedFolder() const;
    void updateInventoryActions();
    void addFolder();
    void editSelectedPair();
    void removeSelected();
    // The inventory pair and lab directory (labs only) behind a tab.
    struct OpenPair
    {
        QString pairId;
        QString labDirectory;
    };

    bool openLabPair(const QString& dir, bool focus, QString* error);
    void connectInventoryPair(const QString& pairId, bool focus);
    // A tab for the pair (in place of its own when it is open), shown when `focus` or the
    // first one.
    void showPair(const InventoryPair& pair, const std::array<client::Endpoint, 2>& endpoints,
                  const QString& labDirectory, bool focus);
    void closePairView(PairView* view);
    // A lab pair whose lab.json no longer says what its clients use (the lab was started
    // again in the directory).
    bool labChanged(const PairView* view) const;
    void reconnectIfLabChanged(PairView* view);
    void closePairTab(int index);
    // Open, and neither device gave up (a refused key or password, a stopped client).
    bool isOpenAndUp(const QString& pairId) const;
    void onCurrentPairChanged();
    void updatePairTab(PairView* view);
    void updatePairTabs();
    void resolvePassword(const InventoryPair& pair, int side,
                         std::function<void(std::optional<QString>)> done);
    std::optional<QString> askPassword(const QString& device, const QString& reason);
    // Asked by a connecting client (inside its handshake) about a key no pin names.
    bool decideTrust(const QString& pairId, int side, const QString& fingerprint);
    void showFingerprintPrompt(const QString& pairId, int side, const FingerprintRequest& request);
    void pinFingerprint(const QString& pairId, int side, const QString& fingerprint);
    void reconnectDevice(const QString& pairId, int side, const QString& fingerprint);
    void onDeviceError(const PairView* view, int side, const QString& message);
    QWidget* createEmptyState();
    void chooseLab();
    void showAbout();
    void updateSchemeActions();
    void warnWithoutChineseFont();
    void updateTitle();
    void updateStatus();
    void updateConfirmButton();
    void updateAge();

    Session m_session;
    QStackedWidget* m_pages;
    QWidget* m_emptyState = nullptr;
    QTabWidget* m_pairTabs = nullptr;
    QHash<const PairView*, OpenPair> m_open;
    // Pairs whose passwords are being read: one connect at a time per pair.
    QSet<QString> m_connecting;
    QLabel* m_statusLabel;
    QLabel* m_labLabel;
    QLabel* m_ageLabel;
    // "Confirm CGN-A #5 (42 s)" while a device of the current pair waits for its confirm.
    QPushButton* m_confirmButton = nullptr;
    QMenu* m_pairMenu = nullptr;
    EventLogDock* m_eventLogDock = nullptr;
    QTimer* m_ageTimer = nullptr;

    InventoryModel* m_inventory;
    InventoryFilterModel* m_inventoryFilter;
    SecretStore* m_secrets;
    QDockWidget* m_inventoryDock = nullptr;
    QTreeView* m_inventoryView = nullptr;
    QLineEdit* m_inventoryFilterEdit = nullptr;
    QAction* m_newFolderAction = nullptr;
    QAction* m_addPairAction = nullptr;
    QAction* m_editAction = nullptr;
    QAction* m_removeAction = nullptr;
    QAction* m_connectAction = nullptr;
    QAction* m_disconnectAction = nullptr;
    QAction* m_closePairAction = nullptr;
    QAction* m_nextPairAction = nullptr;
    QAction* m_previousPairAction = nullptr;
    QAction* m_hotBackupWizardAction = nullptr;
    QList<QAction*> m_schemeActions;
    QString m_fontWarning;
    // Passwords the keychain could not keep, or the user typed at connect: this run only.
    QHash<QString, QString> m_sessionPasswords;
    FingerprintDecision m_fingerprintDecision;
    PasswordPrompt m_passwordPrompt;
    // The open key prompts, by "pairId/side"; owned by the window (they outlive the views).
    QHash<QString, QPointer<FingerprintDialog>> m_fingerprintPrompts;
};

} // namespace tandem::gui
