#pragma once

// The dashboard's warning that the two running configurations no longer pass the pair check
// (issue 17 part 4): someone changed one device by hand, or a push went half-way. It names the
// findings and offers the editor (at the first finding's device and line) and the wizard.
// PairView feeds it: on every connect and every kPollMs it asks each device's history for its
// running commit and reads the text again when that changed.

#include "config/Validate.h"

#include <QFrame>
#include <array>
#include <vector>

class QLabel;
class QPushButton;

namespace tandem::gui {

class PairDriftBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PairDriftBanner)

public:
    static constexpr int kPollMs = 5000;
    static constexpr int kShownFindings = 4;

    explicit PairDriftBanner(QWidget* parent = nullptr);

    // Checks the two running texts (side A, side B; masked secrets read as values) and shows
    // the banner when the pair check finds an error, hides it otherwise.
    void check(const QString& textA, const QString& textB, const std::array<QString, 2>& names);
    const std::vector<config::Finding>& findings() const { return m_findings; }
    int checks() const { return m_checks; } // how many times check() ran
    QLabel* textLabel() const { return m_text; }
    QPushButton* editorButton() const { return m_editor; }
    QPushButton* wizardButton() const { return m_wizard; }

Q_SIGNALS:
    // The device (0: A, 1: B) and line (1-based; 0: none) of the first error.
    void openEditorRequested(int side, int line);
    void repairRequested();

private:
    QLabel* m_text = nullptr;
    QPushButton* m_editor = nullptr;
    QPushButton* m_wizard = nullptr;
    std::vector<config::Finding> m_findings; // the errors
    int m_checks = 0;
};

} // namespace tandem::gui
