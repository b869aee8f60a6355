#include "PreChecksPage.h"

#include "HotBackupWizard.h"
#include "client/ConfigClient.h"
#include "client/HotBackupStatus.h"
#include "config/ConfigParser.h"
#include "utils/ColorUtils.h"

#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>
#include <memory>

namespace tandem::gui {

PreChecksPage::PreChecksPage(HotBackupWizard* wizard)
    : m_wizard(wizard), m_lines(new QVBoxLayout), m_state(new QLabel(this)),
      m_again(new QPushButton(tr("Check again"), this))
{
    setTitle(tr("Pre-checks"));
    setSubTitle(tr("Before hot backup is configured, both devices must be reachable as admin, "
                   "their service boards up, basic NAT configured and no commit pending."));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_lines);
    layout->addWidget(m_state);
    layout->addStretch();
    layout->addWidget(m_again, 0, Qt::AlignLeft);
    m_state->setWordWrap(true);
    connect(m_again, &QPushButton::clicked, this, &PreChecksPage::runChecks);
}

void PreChecksPage::initializePage()
{
    runChecks();
}

bool PreChecksPage::isComplete() const
{
    return m_pending == 0 && !m_results.empty() &&
           std::all_of(m_results.begin(), m_results.end(), [](const Line& l) { return l.passed; });
}

QStringList PreChecksPage::lineTexts() const
{
    QStringList texts;
    for (const Line& l : m_results)
        texts.append((l.passed ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + l.text);
    return texts;
}

void PreChecksPage::add(int side, bool passed, const QString& what, const QString& fix)
{
    QString text = m_wizard->deviceName(side) + QStringLiteral(": ") + what;
    if (!passed && !fix.isEmpty())
        text += QStringLiteral(" — ") + fix;
    m_results.push_back({passed, text});
}

void PreChecksPage::runChecks()
{
    m_results.clear();
    m_parsed = {};
    const int generation = ++m_generation;
    m_pending = 0;
    for (int side = 0; side < 2; ++side) {
        client::AgentClient* agent = m_wizard->client(side);
        if (!agent || agent->state() != client::AgentClient::State::Connected) {
            add(side, false, tr("not reachable"),
                tr("connect the pair first (Pair → Connect) and check the device's address"));
            continue;
        }
        const QString role = agent->helloResult().value(QStringLiteral("role")).toString();
        add(side, role == QLatin1String("admin"),
            role == QLatin1String("admin") ? tr("reachable as admin")
                                           : tr("logged in as %1, not admin").arg(role),
            tr("log in with a user of role admin: only an admin may commit"));
        auto config = std::make_shared<client::ConfigClient>(agent);
        m_pending += 3;
        protocol::ConfigGetRequest get;
        get.secrets = true;
        config->get(get, [this, side, generation,
                          config, guard = QPointer<PreChecksPage>(this)](const client::CallResult<protocol::ConfigGetResult>& r) {
            if (!guard || generation != m_generation)
                return;
            if (!r.ok()) {
                add(side, false, tr("running configuration not read: %1").arg(r.errorText()),
                    tr("check the agent's log"));
            } else {
                m_runningText[std::size_t(side)] = r.value().text;
                const QByteArray utf8 = r.value().text.toUtf8();
                const config::ParseResult parsed = config::parseConfig(
                    std::string_view(utf8.constData(), std::size_t(utf8.size())),
                    {.maskedSecrets = true});
                m_parsed[std::size_t(side)] = parsed.ok();
                if (!parsed.ok()) {
                    add(side, false, tr("running configuration does not parse"),
                        QString::fromStdString(parsed.errors.front().format()));
                } else {
                    const bool nat = std::any_of(
                        parsed.config.natInstances.begin(), parsed.config.natInstances.end(),
                        [](const config::NatInstanceConfig& n) { return !n.addressGroups.empty(); });
                    add(side, nat,
                        nat ? tr("basic NAT configured") : tr("no NAT instance with an address group"),
                        tr("configure basic NAT first: a nat instance with a nat address-group, "
                           "bound to a service-instance-group"));
                    m_parsedConfigs[std::size_t(side)] = parsed.config;
                }
            }
            finishOne();
        });
        config->history([this, side, generation,
                         config, guard = QPointer<PreChecksPage>(this)](const client::CallResult<protocol::ConfigHistoryResult>& r) {
            if (!guard || generation != m_generation)
                return;
            if (!r.ok())
                add(side, false, tr("commit history not read: %1").arg(r.errorText()));
            else
                add(side, !r.value().pending.has_value(),
                    r.value().pending ? tr("a commit confirmed is pending")
                                      : tr("no commit pending"),
                    tr("confirm or cancel the pending commit (History) and check again"));
            finishOne();
        });
        config->status([this, side, generation,
                        config, guard = QPointer<PreChecksPage>(this)](const client::CallResult<client::StatusSnapshot>& r) {
            if (!guard || generation != m_generation)
                return;
            if (!r.ok()) {
                add(side, false, tr("status not read: %1").arg(r.errorText()));
            } else {
                const auto hb = client::HotBackupStatus::fromStatusJson(
                    m_wizard->deviceName(side), r.value().raw);
                QStringList down;
                int boards = 0;
                if (hb) {
                    for (const client::SlgHotBackup& s : hb->serviceLocations) {
                        ++boards;
                        if (s.board != QLatin1String("up"))
                            down.append(QString::number(s.id));
                    }
                }
                if (boards == 0)
                    add(side, false, tr("no service board found"),
                        tr("insert a service board and configure a service-location on it"));
                else
                    add(side, down.isEmpty(),
                        down.isEmpty()
                            ? tr("service boards present and up (%1)").arg(boards)
                            : tr("service board of service-location %1 down")
                                  .arg(down.join(QStringLiteral(", "))),
                        tr("bring the board up (check its slot and the device's alarms)"));
            }
            finishOne();
        });
    }
    render();
}

void PreChecksPage::finishOne()
{
    if (--m_pending == 0 && m_parsed[0] && m_parsed[1])
        m_wizard->setRunning(m_parsedConfigs[0], m_parsedConfigs[1]);
    render();
}

void PreChecksPage::render()
{
    while (QLayoutItem* item = m_lines->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    // Device A's lines first, then B's, each in the order asked.
    std::vector<Line> sorted = m_results;
    std::stable_sort(sorted.begin(), sorted.end(), [this](const Line& x, const Line& y) {
        return x.text.startsWith(m_wizard->deviceName(0)) &&
               !y.text.startsWith(m_wizard->deviceName(0));
    });
    for (const Line& l : sorted) {
        auto* label = new QLabel;
        label->setWordWrap(true);
        const QColor colour = ColorUtils::foreground(l.passed ? ColorUtils::Tone::Active
                                                              : ColorUtils::Tone::Fault);
        label->setText(QStringLiteral("<span style=\"color:%1\">%2</span> %3")
                           .arg(colour.name(), l.passed ? QStringLiteral("✔") : QStringLiteral("✘"),
                                l.text.toHtmlEscaped()));
        m_lines->addWidget(label);
    }
    if (m_pending > 0)
        m_state->setText(tr("Reading both devices…"));
    else if (isComplete())
        m_state->setText(m_wizard->startedFromExistingPair()
                             ? tr("All checks passed. The devices already form a pair: the "
                                  "next pages start from what they run.")
                             : tr("All checks passed."));
    else
        m_state->setText(tr("Fix what failed, then check again."));
    Q_EMIT completeChanged();
}

} // namespace tandem::gui
