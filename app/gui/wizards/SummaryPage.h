#pragma once

// Page 8: what the push will do. Both generated configurations (generatePair on the devices'
// running ones), the diff against each running configuration, the pair check's findings
// (an error blocks Next) and the impact each commit would have (config.impact), sessions a
// commit would drop in bold.

#include "config/PairPlan.h"
#include "protocol/ConfigImpact.h"

#include <QWizardPage>
#include <array>
#include <optional>

class QLabel;
class QPlainTextEdit;
class QTabWidget;

namespace tandem::gui {

class HotBackupWizard;

class SummaryPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SummaryPage)

public:
    explicit SummaryPage(HotBackupWizard* wizard);

    void initializePage() override;
    bool isComplete() const override;

    const config::GeneratedPair& generated() const { return m_generated; }
    // The generated configuration's canonical text; what the push commits.
    QString generatedText(int side) const { return m_texts[std::size_t(side)]; }
    QString diffText(int side) const;
    QStringList findingTexts() const { return m_findingTexts; }
    // Nullopt while config.impact has not answered (or failed: impactText says why).
    const std::optional<protocol::ConfigImpact>& impact(int side) const
    {
        return m_impact[std::size_t(side)];
    }
    QString impactText(int side) const;
    QTabWidget* tabs() const { return m_tabs; }

private:
    void askImpact(int side);
    void showImpact(int side);

    HotBackupWizard* m_wizard;
    QTabWidget* m_tabs;
    QLabel* m_findings;
    std::array<QPlainTextEdit*, 2> m_configs{};
    std::array<QPlainTextEdit*, 2> m_diffs{};
    std::array<QLabel*, 2> m_impactLabels{};
    config::GeneratedPair m_generated;
    std::array<QString, 2> m_texts;
    QStringList m_findingTexts;
    bool m_blocked = true;
    std::array<std::optional<protocol::ConfigImpact>, 2> m_impact;
    int m_generation = 0;
};

} // namespace tandem::gui
