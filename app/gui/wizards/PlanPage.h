#pragma once

// A wizard page that edits part of the hot-backup plan: each field is bound to a plan field
// by its JSON key path (the widget's objectName, the key checkPlan's PlanError::field names),
// shows the errors that name it next to it as it is typed, and Next stays disabled while the
// page has one. Widgets keep what was typed across Back and Next; initializePage() fills them
// from the plan.

#include "config/PairPlan.h"

#include <QWizardPage>
#include <functional>
#include <vector>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tandem::gui {

class HotBackupWizard;

class PlanPage : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlanPage)

public:
    // `prefixes`: plan fields this page answers for besides its bound ones ("loadBalancing").
    PlanPage(HotBackupWizard* wizard, QStringList prefixes = {});

    void initializePage() override;
    bool isComplete() const override;

    // The errors of this page's fields, "field: message" each.
    QStringList errorTexts() const;

protected:
    HotBackupWizard* planWizard() const { return m_wizard; }
    // Rebuilds the page's bound widgets from the plan (a count of locations may have changed);
    // called by initializePage() before the values are loaded.
    virtual void buildFields() {}
    // Forgets the bindings (the widgets are deleted by the caller).
    void clearBindings();

    QSpinBox* addSpin(QFormLayout* form, const QString& key, const QString& label, int min,
                      int max, std::function<int(const config::PairPlan&)> get,
                      std::function<void(config::PairPlan&, int)> set);
    QLineEdit* addText(QFormLayout* form, const QString& key, const QString& label,
                       std::function<std::string(const config::PairPlan&)> get,
                       std::function<void(config::PairPlan&, std::string)> set);
    // An IPv4 address; text that is not one is an error of the field until it is.
    QLineEdit* addAddress(QFormLayout* form, const QString& key, const QString& label,
                          std::function<config::Ipv4Address(const config::PairPlan&)> get,
                          std::function<void(config::PairPlan&, config::Ipv4Address)> set);
    QCheckBox* addCheck(QFormLayout* form, const QString& key, const QString& label,
                        std::function<bool(const config::PairPlan&)> get,
                        std::function<void(config::PairPlan&, bool)> set);
    QComboBox* addSide(QFormLayout* form, const QString& key, const QString& label,
                       std::function<config::Side(const config::PairPlan&)> get,
                       std::function<void(config::PairPlan&, config::Side)> set);
    // A line of explanation under the last field.
    QLabel* addNote(QFormLayout* form, const QString& text);

    // Loads every bound widget from the plan (signals blocked).
    void loadFields();

private:
    struct Binding
    {
        QString key;
        QWidget* widget = nullptr;
        QLabel* error = nullptr;
        std::function<void()> load;
        QString localError; // typed text that does not parse
    };
    Binding& bind(QFormLayout* form, const QString& key, const QString& label, QWidget* widget,
               Qt::Alignment alignment = {});
    bool matches(const QString& field, const QString& key) const;
    bool ownsError(const config::PlanError& error) const;
    void showErrors();

    HotBackupWizard* m_wizard;
    QStringList m_prefixes;
    std::vector<std::unique_ptr<Binding>> m_bindings;
    QLabel* m_pageErrors;
};

} // namespace tandem::gui
