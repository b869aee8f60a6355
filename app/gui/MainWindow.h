#pragma once

// Tandem's main window: the pair of the opened lab, or a hint on how to get one; menus,
// status bar, and what is remembered between runs (see GuiSettings).

#include <QMainWindow>

class QLabel;
class QMenu;
class QStackedWidget;
class QTimer;

namespace tandem::gui {

class EventLogDock;
class PairView;

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

    // Shows the pair of DIR/lab.json; on failure *error says why and the window is unchanged.
    bool openLab(const QString& dir, QString* error);
    // Reopens the lab of the previous run, if any. False (with *error set when there was one
    // to reopen) when nothing was opened.
    bool reopenLastLab(QString* error);

    PairView* pairView() const { return m_pairView; }
    EventLogDock* eventLogDock() const { return m_eventLogDock; }
    // "Updated 0.4 s ago", or why there is no update.
    QString updateAgeText() const;
    QString labDirectory() const { return m_labDirectory; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    QWidget* createEmptyState();
    void chooseLab();
    void showAbout();
    void updateTitle();
    void updateStatus();
    void updateAge();

    Session m_session;
    QStackedWidget* m_pages;
    PairView* m_pairView = nullptr;
    QString m_labDirectory;
    QLabel* m_statusLabel;
    QLabel* m_labLabel;
    QLabel* m_ageLabel;
    QMenu* m_pairMenu = nullptr;
    EventLogDock* m_eventLogDock = nullptr;
    QTimer* m_ageTimer = nullptr;
};

} // namespace tandem::gui
