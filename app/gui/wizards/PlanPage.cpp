#include "PlanPage.h"

#include "HotBackupWizard.h"
#include "utils/ColorUtils.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tandem::gui {

PlanPage::PlanPage(HotBackupWizard* wizard, QStringList prefixes)
    : m_wizard(wizard), m_prefixes(std::move(prefixes)), m_pageErrors(new QLabel(this))
{
    m_pageErrors->setObjectName(QStringLiteral("pageErrors"));
    m_pageErrors->setWordWrap(true);
    m_pageErrors->setStyleSheet(QStringLiteral("color: %1;").arg(ColorUtils::foreground(ColorUtils::Tone::Fault).name()));
    m_pageErrors->hide();
    connect(wizard, &HotBackupWizard::planChanged, this, &PlanPage::showErrors);
}

void PlanPage::initializePage()
{
    buildFields();
    // The page-level errors go last, under the page's own widgets.
    if (auto* box = qobject_cast<QBoxLayout*>(layout()); box && box->indexOf(m_pageErrors) < 0)
        box->addWidget(m_pageErrors);
    loadFields();
    showErrors();
}

void PlanPage::clearBindings()
{
    m_bindings.clear();
}

PlanPage::Binding& PlanPage::bind(QFormLayout* form, const QString& key, const QString& label,
                                  QWidget* widget, Qt::Alignment alignment)
{
    auto binding = std::make_unique<Binding>();
    binding->key = key;
    binding->widget = widget;
    widget->setObjectName(key);
    binding->error = new QLabel;
    binding->error->setWordWrap(true);
    binding->error->setStyleSheet(QStringLiteral("color: %1;").arg(ColorUtils::foreground(ColorUtils::Tone::Fault).name()));
    binding->error->hide();
    auto* cell = new QWidget;
    auto* box = new QVBoxLayout(cell);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(2);
    box->addWidget(widget, 0, alignment);
    box->addWidget(binding->error);
    form->addRow(label, cell);
    m_bindings.push_back(std::move(binding));
    return *m_bindings.back();
}

QSpinBox* PlanPage::addSpin(QFormLayout* form, const QString& key, const QString& label, int min,
                            int max, std::function<int(const config::PairPlan&)> get,
                            std::function<void(config::PairPlan&, int)> set)
{
    auto* spin = new QSpinBox;
    spin->setRange(min, max);
    // Numbers need no line's width; the error under it does.
    spin->setMinimumWidth(140);
    Binding& b = bind(form, key, label, spin, Qt::AlignLeft);
    b.load = [this, spin, get] { spin->setValue(get(m_wizard->plan())); };
    connect(spin, &QSpinBox::valueChanged, this, [this, set](int value) {
        m_wizard->editPlan([&](config::PairPlan& plan) { set(plan, value); });
    });
    return spin;
}

QLineEdit* PlanPage::addText(QFormLayout* form, const QString& key, const QString& label,
                             std::function<std::string(const config::PairPlan&)> get,
                             std::function<void(config::PairPlan&, std::string)> set)
{
    auto* edit = new QLineEdit;
    Binding& b = bind(form, key, label, edit);
    b.load = [this, edit, get] { edit->setText(QString::fromStdString(get(m_wizard->plan()))); };
    connect(edit, &QLineEdit::textEdited, this, [this, set](const QString& text) {
        m_wizard->editPlan(
            [&](config::PairPlan& plan) { set(plan, text.trimmed().toStdString()); });
    });
    return edit;
}

QLineEdit* PlanPage::addAddress(QFormLayout* form, const QString& key, const QString& label,
                                std::function<config::Ipv4Address(const config::PairPlan&)> get,
                                std::function<void(config::PairPlan&, config::Ipv4Address)> set)
{
    auto* edit = new QLineEdit;
    edit->setPlaceholderText(tr("e.g. 10.1.1.1"));
    Binding& b = bind(form, key, label, edit);
    Binding* binding = &b;
    b.load = [this, edit, get, binding] {
        const config::Ipv4Address address = get(m_wizard->plan());
        edit->setText(address.value == 0 ? QString()
                                         : QString::fromStdString(address.toString()));
        binding->localError.clear();
    };
    connect(edit, &QLineEdit::textEdited, this, [this, set, binding](const QString& text) {
        const auto address = config::Ipv4Address::parse(text.trimmed().toStdString());
        binding->localError =
            address || text.trimmed().isEmpty()
                ? QString()
                : tr("\"%1\" is not an IPv4 address (four numbers 0-255, e.g. 10.1.1.1)")
                      .arg(text.trimmed());
        m_wizard->editPlan([&](config::PairPlan& plan) {
            set(plan, address.value_or(config::Ipv4Address{}));
        });
    });
    return edit;
}

QCheckBox* PlanPage::addCheck(QFormLayout* form, const QString& key, const QString& label,
                              std::function<bool(const config::PairPlan&)> get,
                              std::function<void(config::PairPlan&, bool)> set)
{
    auto* check = new QCheckBox(label);
    Binding& b = bind(form, key, QString(), check);
    b.load = [this, check, get] { check->setChecked(get(m_wizard->plan())); };
    connect(check, &QCheckBox::toggled, this, [this, set](bool on) {
        m_wizard->editPlan([&](config::PairPlan& plan) { set(plan, on); });
    });
    return check;
}

QComboBox* PlanPage::addSide(QFormLayout* form, const QString& key, const QString& label,
                             std::function<config::Side(const config::PairPlan&)> get,
                             std::function<void(config::PairPlan&, config::Side)> set)
{
    auto* combo = new QComboBox;
    combo->addItem(m_wizard->deviceName(0), QStringLiteral("a"));
    combo->addItem(m_wizard->deviceName(1), QStringLiteral("b"));
    Binding& b = bind(form, key, label, combo);
    b.load = [this, combo, get] {
        combo->setCurrentIndex(get(m_wizard->plan()) == config::Side::A ? 0 : 1);
    };
    connect(combo, &QComboBox::currentIndexChanged, this, [this, set](int index) {
        m_wizard->editPlan([&](config::PairPlan& plan) {
            set(plan, index == 0 ? config::Side::A : config::Side::B);
        });
    });
    return combo;
}

QLabel* PlanPage::addNote(QFormLayout* form, const QString& text)
{
    auto* note = new QLabel(text);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), note);
    return note;
}

void PlanPage::loadFields()
{
    for (const auto& b : m_bindings) {
        const QSignalBlocker blocker(b->widget);
        if (b->load)
            b->load();
    }
}

bool PlanPage::matches(const QString& field, const QString& key) const
{
    return field == key || field.startsWith(key + QLatin1Char('.')) ||
           field.startsWith(key + QLatin1Char('['));
}

bool PlanPage::ownsError(const config::PlanError& error) const
{
    const QString field = QString::fromStdString(error.field);
    for (const auto& b : m_bindings)
        if (matches(field, b->key))
            return true;
    for (const QString& prefix : m_prefixes)
        if (matches(field, prefix))
            return true;
    return false;
}

void PlanPage::showErrors()
{
    QStringList unbound;
    for (const auto& b : m_bindings) {
        QStringList lines;
        if (!b->localError.isEmpty())
            lines.append(b->localError);
        for (const config::PlanError& e : m_wizard->planErrors()) {
            if (QString::fromStdString(e.field) != b->key)
                continue;
            QString line = QString::fromStdString(e.message);
            if (!e.fix.empty())
                line += QStringLiteral(" — ") + QString::fromStdString(e.fix);
            lines.append(line);
        }
        b->error->setText(lines.join(QLatin1Char('\n')));
        b->error->setVisible(!lines.isEmpty());
        b->widget->setToolTip(lines.join(QLatin1Char('\n')));
    }
    for (const config::PlanError& e : m_wizard->planErrors()) {
        const QString field = QString::fromStdString(e.field);
        const bool exact = std::any_of(m_bindings.begin(), m_bindings.end(),
                                       [&](const auto& b) { return b->key == field; });
        if (!exact && ownsError(e))
            unbound.append(QString::fromStdString(e.format()));
    }
    m_pageErrors->setText(unbound.join(QLatin1Char('\n')));
    m_pageErrors->setVisible(!unbound.isEmpty());
    Q_EMIT completeChanged();
}

QStringList PlanPage::errorTexts() const
{
    QStringList texts;
    for (const auto& b : m_bindings)
        if (!b->localError.isEmpty())
            texts.append(b->key + QStringLiteral(": ") + b->localError);
    for (const config::PlanError& e : m_wizard->planErrors())
        if (ownsError(e))
            texts.append(QString::fromStdString(e.format()));
    return texts;
}

bool PlanPage::isComplete() const
{
    return errorTexts().isEmpty();
}

} // namespace tandem::gui
