#include "SummaryPage.h"

#include "HotBackupWizard.h"
#include "client/AgentClient.h"
#include "config/ConfigDiff.h"
#include "config/ConfigParser.h"
#include "config/PairCheck.h"
#include "protocol/JsonRpc.h"
#include "utils/ColorUtils.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QTabWidget>
#include <QVBoxLayout>

namespace tandem::gui {

namespace {

QPlainTextEdit* textView(const QString& name)
{
    auto* view = new QPlainTextEdit;
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

} // namespace

SummaryPage::SummaryPage(HotBackupWizard* wizard)
    : m_wizard(wizard), m_tabs(new QTabWidget(this)), m_findings(new QLabel(this))
{
    setTitle(tr("Summary"));
    setSubTitle(tr("What both devices will run, what changes, and what the commits would do to "
                   "the sessions they serve."));
    auto* layout = new QVBoxLayout(this);
    m_findings->setObjectName(QStringLiteral("findings"));
    m_findings->setWordWrap(true);
    m_findings->setTextFormat(Qt::RichText);
    layout->addWidget(m_findings);
    layout->addWidget(m_tabs, 1);

    auto* configs = new QWidget;
    auto* configsLayout = new QHBoxLayout(configs);
    auto* diffs = new QWidget;
    auto* diffsLayout = new QHBoxLayout(diffs);
    auto* impacts = new QWidget;
    auto* impactsLayout = new QHBoxLayout(impacts);
    for (int side = 0; side < 2; ++side) {
        const QString key = side == 0 ? QStringLiteral("a") : QStringLiteral("b");
        m_configs[std::size_t(side)] = textView(key + QStringLiteral(".config"));
        m_diffs[std::size_t(side)] = textView(key + QStringLiteral(".diff"));
        m_impactLabels[std::size_t(side)] = new QLabel;
        m_impactLabels[std::size_t(side)]->setObjectName(key + QStringLiteral(".impact"));
        m_impactLabels[std::size_t(side)]->setTextFormat(Qt::RichText);
        m_impactLabels[std::size_t(side)]->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        m_impactLabels[std::size_t(side)]->setWordWrap(true);
        configsLayout->addWidget(m_configs[std::size_t(side)]);
        diffsLayout->addWidget(m_diffs[std::size_t(side)]);
        impactsLayout->addWidget(m_impactLabels[std::size_t(side)], 1);
    }
    m_tabs->addTab(configs, tr("Configurations"));
    m_tabs->addTab(diffs, tr("Changes"));
    m_tabs->addTab(impacts, tr("Impact"));
}

void SummaryPage::initializePage()
{
    ++m_generation;
    const config::PairPlan& plan = m_wizard->plan();
    m_generated = config::generatePair(plan, m_wizard->running(0), m_wizard->running(1));
    m_findingTexts.clear();
    QStringList lines;
    const QString fault = ColorUtils::foreground(ColorUtils::Tone::Fault).name();
    const QString warning = ColorUtils::foreground(ColorUtils::Tone::Warning).name();
    m_blocked = !m_generated.ok();
    if (!m_generated.ok()) {
        for (const config::PlanError& e : m_generated.errors) {
            m_findingTexts.append(QString::fromStdString(e.format()));
            lines.append(QStringLiteral("<span style=\"color:%1\">✘ %2</span>")
                             .arg(fault, QString::fromStdString(e.format()).toHtmlEscaped()));
        }
    } else {
        const std::vector<config::Finding> findings =
            config::pairCheck(m_generated.a, m_generated.b, {.mode = plan.mode});
        m_blocked = config::hasErrors(findings);
        for (const config::Finding& f : findings) {
            const QString device = m_wizard->deviceName(f.side == config::Side::A ? 0 : 1);
            QString text = device + QStringLiteral(": ") + QString::fromStdString(f.format());
            if (!f.fix.empty())
                text += QStringLiteral(" — ") + QString::fromStdString(f.fix);
            m_findingTexts.append(text);
            const bool error = f.severity == config::Severity::Error;
            lines.append(QStringLiteral("<span style=\"color:%1\">%2 %3</span>")
                             .arg(error ? fault : warning,
                                  error ? QStringLiteral("✘") : QStringLiteral("⚠"),
                                  text.toHtmlEscaped()));
        }
        if (findings.empty())
            lines.append(tr("✔ The pair check finds nothing: the two configurations mirror."));
    }
    m_findings->setText(lines.join(QStringLiteral("<br>")));
    for (int side = 0; side < 2; ++side) {
        const config::DeviceConfig& generated = side == 0 ? m_generated.a : m_generated.b;
        m_texts[std::size_t(side)] =
            m_generated.ok() ? QString::fromStdString(config::printConfig(generated)) : QString();
        m_configs[std::size_t(side)]->setPlainText(m_texts[std::size_t(side)]);
        m_diffs[std::size_t(side)]->setPlainText(diffText(side));
        m_impact[std::size_t(side)].reset();
        m_impactLabels[std::size_t(side)]->setText(
            m_generated.ok() ? tr("%1: asking the device…").arg(m_wizard->deviceName(side))
                             : QString());
        if (m_generated.ok())
            askImpact(side);
    }
    Q_EMIT completeChanged();
}

bool SummaryPage::isComplete() const
{
    return !m_blocked;
}

QString SummaryPage::diffText(int side) const
{
    if (!m_generated.ok())
        return {};
    const config::DeviceConfig& generated = side == 0 ? m_generated.a : m_generated.b;
    const std::string running = config::printConfig(m_wizard->running(side));
    const std::string name = m_wizard->deviceName(side).toStdString();
    const std::string diff = config::unifiedDiff(running, config::printConfig(generated),
                                                 name + " (running)", name + " (generated)");
    return diff.empty() ? tr("No change.") : QString::fromStdString(diff);
}

void SummaryPage::askImpact(int side)
{
    client::AgentClient* agent = m_wizard->client(side);
    if (!agent)
        return;
    const int generation = m_generation;
    agent->call(QLatin1String(protocol::method::kConfigImpact),
                {{QStringLiteral("text"), m_texts[std::size_t(side)]}},
                [this, side, generation, guard = QPointer<SummaryPage>(this)](
                    const QJsonValue& result, const std::optional<protocol::RpcError>& error) {
                    if (!guard || generation != m_generation)
                        return;
                    QLabel* label = m_impactLabels[std::size_t(side)];
                    const QString device = m_wizard->deviceName(side).toHtmlEscaped();
                    if (error) {
                        label->setText(tr("%1: no impact preview: %2")
                                           .arg(device, error->message.toHtmlEscaped()));
                        return;
                    }
                    QString why;
                    m_impact[std::size_t(side)] =
                        protocol::ConfigImpact::fromJson(result.toObject(), &why);
                    if (!m_impact[std::size_t(side)]) {
                        label->setText(tr("%1: the impact preview does not read: %2")
                                           .arg(device, why.toHtmlEscaped()));
                        return;
                    }
                    showImpact(side);
                });
}

QString SummaryPage::impactText(int side) const
{
    return m_impactLabels[std::size_t(side)]->text();
}

void SummaryPage::showImpact(int side)
{
    const protocol::ConfigImpact& impact = *m_impact[std::size_t(side)];
    QStringList lines{QStringLiteral("<b>%1</b>").arg(m_wizard->deviceName(side).toHtmlEscaped())};
    for (const protocol::ServiceLocationImpact& sl : impact.serviceLocations) {
        QString line = tr("Service-location %1: engine %2")
                           .arg(sl.id)
                           .arg(QString::fromLatin1(protocol::toString(sl.engine)));
        if (sl.sessions > 0 || sl.users > 0 || sl.portBlocks > 0) {
            // Sessions a commit drops are what the user notices: in bold.
            line += QStringLiteral(", <b>%1</b>")
                        .arg(tr("drops %n session(s)", nullptr, int(sl.sessions)));
            line += tr(", %1 users, %2 port blocks").arg(sl.users).arg(sl.portBlocks);
            if (sl.master)
                line += tr(" (it serves them now)");
        } else {
            line += tr(", no session dropped");
        }
        lines.append(line);
    }
    for (const protocol::VrrpGroupImpact& v : impact.vrrpGroups) {
        QString line = tr("VRRP %1 on %2: %3")
                           .arg(v.vrid)
                           .arg(v.interfaceName.toHtmlEscaped(),
                                QString::fromLatin1(protocol::toString(v.change)));
        if (v.resigns())
            line += QStringLiteral(" — <b>%1</b>").arg(tr("the master resigns; the peer takes over"));
        lines.append(line);
    }
    if (impact.management.listenerGoesAway())
        lines.append(QStringLiteral("<b>%1</b>").arg(
            tr("The listener this connection uses goes away.")));
    const qint64 dropped = impact.sessionsDropped();
    lines.append(dropped > 0 ? QStringLiteral("<b>%1</b>").arg(
                                   tr("In all %n session(s) dropped", nullptr, int(dropped)))
                             : tr("No session dropped."));
    m_impactLabels[std::size_t(side)]->setText(lines.join(QStringLiteral("<br>")));
}

} // namespace tandem::gui
