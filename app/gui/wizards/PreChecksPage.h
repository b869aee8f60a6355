#pragma once

// Page 1: what the device documentation asks before hot backup is configured, read from both
// devices: reachable as admin, the service boards present and up, basic NAT configured (a NAT
// instance with an address group), no commit confirmed pending. Each a pass/fail line with what
// to do; Next stays disabled until every one passes. The running configurations read here are
// what the wizard generates from.

#include "config/DeviceConfig.h"

#include <QWizardPage>
#include <array>
#include <vector>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace tandem::gui {

class HotBackupWizard;

class PreChecksPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreChecksPage)

public:
    explicit PreChecksPage(HotBackupWizard* wizard);

    void initializePage() override;
    bool isComplete() const override;

    // Reads both devices again.
    void runChecks();
    bool running() const { return m_pending > 0; }
    // One per check and device: "✔ CGN-A: reachable as admin" / "✘ …: … — what to do".
    QStringList lineTexts() const;

private:
    struct Line
    {
        bool passed = false;
        QString text;
    };
    void add(int side, bool passed, const QString& what, const QString& fix = {});
    void finishOne();
    void render();

    HotBackupWizard* m_wizard;
    QVBoxLayout* m_lines;
    QLabel* m_state;
    QPushButton* m_again;
    std::vector<Line> m_results;
    std::array<QString, 2> m_runningText;
    std::array<bool, 2> m_parsed{};
    std::array<config::DeviceConfig, 2> m_parsedConfigs;
    int m_pending = 0;
    int m_generation = 0; // a re-run's answers replace an older run's
};

} // namespace tandem::gui
