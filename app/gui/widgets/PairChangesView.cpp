#include "widgets/PairChangesView.h"

#include "client/ConfigClient.h"
#include "config/ConfigDiff.h"
#include "widgets/DiffView.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <memory>

namespace tandem::gui {

namespace {

constexpr int kEntryRole = Qt::UserRole; // index into entries()

// Collects one answer per device and calls `done` once both came.
template <class T>
struct BothAnswers
{
    std::array<std::optional<client::CallResult<T>>, 2> results;
    std::function<void(const std::array<std::optional<client::CallResult<T>>, 2>&)> done;
    void set(int side, const client::CallResult<T>& r)
    {
        results[std::size_t(side)] = r;
        if (results[0] && results[1])
            done(results);
    }
};

} // namespace

PairChangesView::PairChangesView(std::array<client::DeviceMonitor*, 2> devices, QWidget* parent)
    : QWidget(parent), m_devices(devices)
{
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("pairChanges"));
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Change"), tr("Time"), tr("User"), deviceName(0), deviceName(1),
                             tr("State"), tr("Label")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->header()->setStretchLastSection(true);
    m_list->setAlternatingRowColors(true);

    m_diff = new DiffView(this);
    m_diff->setObjectName(QStringLiteral("pairChangesDiff"));

    m_refreshButton = new QPushButton(tr("Re&fresh"), this);
    m_diffButton = new QPushButton(tr("D&iff"), this);
    m_diffButton->setToolTip(tr("Two rows: what each device ran at one against the other. One "
                                "row: against what runs now."));
    m_restoreButton = new QPushButton(tr("&Restore Pair Revision…"), this);
    m_restoreButton->setToolTip(tr("Push the selected pair revision's configurations to both "
                                   "devices again: verified, then confirmed or rolled back"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_refreshButton);
    buttons->addWidget(m_diffButton);
    buttons->addWidget(m_restoreButton);
    buttons->addStretch(1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_list);
    splitter->addWidget(m_diff);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(m_refreshButton, &QPushButton::clicked, this, &PairChangesView::refresh);
    connect(m_diffButton, &QPushButton::clicked, this, &PairChangesView::diffSelected);
    connect(m_restoreButton, &QPushButton::clicked, this, &PairChangesView::restoreSelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &PairChangesView::updateButtons);
    for (client::DeviceMonitor* device : m_devices)
        connect(device, &client::DeviceMonitor::connectionStateChanged, this,
                [this](client::AgentClient::State state) {
                    if (state == client::AgentClient::State::Connected)
                        refresh();
                });
    updateButtons();
}

PairChangesView::~PairChangesView() = default;

QString PairChangesView::deviceName(int side) const
{
    return m_devices[std::size_t(side)]->endpoint().name;
}

void PairChangesView::refresh()
{
    const int generation = ++m_generation;
    auto answers = std::make_shared<BothAnswers<protocol::ConfigHistoryResult>>();
    answers->done = [this, generation, guard = QPointer<PairChangesView>(this)](
                        const auto& results) {
        if (!guard || generation != m_generation)
            return;
        QStringList errors;
        for (int side = 0; side < 2; ++side)
            if (!results[std::size_t(side)]->ok())
                errors.append(tr("%1: %2").arg(deviceName(side),
                                               results[std::size_t(side)]->errorText()));
        if (!errors.isEmpty()) {
            m_status->setText(tr("History not read: %1").arg(errors.join(QStringLiteral("; "))));
            return;
        }
        show({results[0]->value(), results[1]->value()});
    };
    for (int side = 0; side < 2; ++side) {
        client::ConfigClient config(&m_devices[std::size_t(side)]->client());
        config.history([answers, side](const auto& r) { answers->set(side, r); });
    }
}

void PairChangesView::show(const std::array<protocol::ConfigHistoryResult, 2>& histories)
{
    m_histories = histories;
    m_entries = client::pairTimeline(histories);
    m_list->clear();
    const QLocale locale;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const client::PairHistoryEntry& e = m_entries[i];
        auto* item = new QTreeWidgetItem;
        item->setData(ChangeColumn, kEntryRole, int(i));
        item->setText(ChangeColumn, e.isPairRevision() ? e.pairChangeId : tr("device only"));
        const protocol::CommitRecord& first = e.first();
        item->setText(TimeColumn,
                      locale.toString(QDateTime::fromMSecsSinceEpoch(first.timeMsecsSinceEpoch),
                                      QStringLiteral("yyyy-MM-dd hh:mm:ss")));
        item->setText(UserColumn, first.user);
        for (int side = 0; side < 2; ++side) {
            const auto& c = e.commits[std::size_t(side)];
            QString text = c ? QStringLiteral("#%1").arg(c->id) : QStringLiteral("–");
            if (c && c->id == histories[std::size_t(side)].runningId)
                text += tr(" (running)");
            item->setText(side == 0 ? DeviceAColumn : DeviceBColumn, text);
        }
        item->setText(StateColumn, e.stateText());
        item->setText(LabelColumn, e.label());
        item->setToolTip(LabelColumn, first.label);
        if (e.isPairRevision()) {
            QFont bold = item->font(ChangeColumn);
            bold.setBold(true);
            item->setFont(ChangeColumn, bold);
        }
        m_list->addTopLevelItem(item);
    }
    for (int column = 0; column < ColumnCount - 1; ++column)
        m_list->resizeColumnToContents(column);
    if (m_list->topLevelItemCount() > 0)
        m_list->scrollToItem(m_list->topLevelItem(m_list->topLevelItemCount() - 1));
    const auto revisions = std::count_if(m_entries.begin(), m_entries.end(),
                                         [](const auto& e) { return e.isPairRevision(); });
    if (!m_push) // a restore's outcome stays until the next one
        m_status->setText(tr("%n pair revision(s)", nullptr, int(revisions)) +
                          tr(", %1 commits in all on the two devices")
                              .arg(histories[0].commits.size() + histories[1].commits.size()));
    updateButtons();
    Q_EMIT refreshed();
}

int PairChangesView::commitAt(int side, const client::PairHistoryEntry& entry) const
{
    if (const auto& own = entry.commits[std::size_t(side)])
        return own->id;
    int id = 0;
    for (const protocol::CommitRecord& c : m_histories[std::size_t(side)].commits)
        if (c.timeMsecsSinceEpoch <= entry.first().timeMsecsSinceEpoch)
            id = c.id;
    return id;
}

void PairChangesView::updateButtons()
{
    const QList<QTreeWidgetItem*> selected = m_list->selectedItems();
    m_diffButton->setEnabled(selected.size() == 1 || selected.size() == 2);
    bool restorable = false;
    if (selected.size() == 1) {
        const auto& e = m_entries[std::size_t(selected.front()->data(ChangeColumn, kEntryRole).toInt())];
        restorable = e.isPairRevision() && e.commits[0] && e.commits[1];
    }
    const bool pushing = m_push && !m_push->finished();
    m_restoreButton->setEnabled(restorable && !pushing);
    m_refreshButton->setEnabled(!pushing);
}

void PairChangesView::diffSelected()
{
    QList<QTreeWidgetItem*> selected = m_list->selectedItems();
    if (selected.isEmpty() || selected.size() > 2)
        return;
    std::sort(selected.begin(), selected.end(), [](QTreeWidgetItem* x, QTreeWidgetItem* y) {
        return x->data(ChangeColumn, kEntryRole).toInt() < y->data(ChangeColumn, kEntryRole).toInt();
    });
    // Per device, the two commits to compare: older → newer (one row: → what runs).
    std::array<std::array<int, 2>, 2> ids{};
    for (int side = 0; side < 2; ++side) {
        const auto& older = m_entries[std::size_t(selected.front()->data(ChangeColumn, kEntryRole).toInt())];
        ids[std::size_t(side)][0] = commitAt(side, older);
        ids[std::size_t(side)][1] =
            selected.size() == 2
                ? commitAt(side, m_entries[std::size_t(selected.back()->data(ChangeColumn, kEntryRole).toInt())])
                : m_histories[std::size_t(side)].runningId;
    }
    struct Texts
    {
        std::array<std::array<std::optional<client::CallResult<protocol::ConfigGetResult>>, 2>, 2> got;
        int missing = 4;
    };
    auto texts = std::make_shared<Texts>();
    auto finish = [this, ids, texts, guard = QPointer<PairChangesView>(this)] {
        if (!guard)
            return;
        QString all;
        for (int side = 0; side < 2; ++side) {
            const auto& pair = texts->got[std::size_t(side)];
            const int from = ids[std::size_t(side)][0], to = ids[std::size_t(side)][1];
            all += QStringLiteral("=== %1: #%2 → #%3 ===\n").arg(deviceName(side)).arg(from).arg(to);
            if (!pair[0]->ok() || !pair[1]->ok()) {
                all += tr("not read: %1\n").arg(!pair[0]->ok() ? pair[0]->errorText()
                                                                : pair[1]->errorText());
                continue;
            }
            const std::string diff = config::unifiedDiff(
                pair[0]->value().text.toStdString(), pair[1]->value().text.toStdString(),
                QStringLiteral("%1 #%2").arg(deviceName(side)).arg(from).toStdString(),
                QStringLiteral("%1 #%2").arg(deviceName(side)).arg(to).toStdString());
            all += diff.empty() ? tr("no change\n") : QString::fromStdString(diff);
            all += QLatin1Char('\n');
        }
        m_diff->setDiff(all, {});
        Q_EMIT diffShown();
    };
    for (int side = 0; side < 2; ++side)
        for (int which = 0; which < 2; ++which) {
            client::ConfigClient config(&m_devices[std::size_t(side)]->client());
            protocol::ConfigGetRequest request;
            request.source = protocol::ConfigSource::History;
            request.commitId = ids[std::size_t(side)][std::size_t(which)];
            config.get(request, [texts, side, which, finish](const auto& r) {
                texts->got[std::size_t(side)][std::size_t(which)] = r;
                if (--texts->missing == 0)
                    finish();
            });
        }
}

void PairChangesView::restoreSelected()
{
    const QList<QTreeWidgetItem*> selected = m_list->selectedItems();
    if (selected.size() != 1 || (m_push && !m_push->finished()))
        return;
    const client::PairHistoryEntry entry =
        m_entries[std::size_t(selected.front()->data(ChangeColumn, kEntryRole).toInt())];
    if (!entry.isPairRevision() || !entry.commits[0] || !entry.commits[1])
        return;
    const bool go =
        m_confirm ? m_confirm(entry.pairChangeId)
                  : QMessageBox::question(
                        this, tr("Restore pair revision %1?").arg(entry.pairChangeId),
                        tr("Both devices get the configurations they ran at %1 (%2 #%3, %4 #%5) "
                           "with commit confirmed; the pair is verified, then both are confirmed "
                           "or both rolled back.")
                            .arg(entry.pairChangeId, deviceName(0))
                            .arg(entry.commits[0]->id)
                            .arg(deviceName(1))
                            .arg(entry.commits[1]->id)) == QMessageBox::Yes;
    if (!go)
        return;
    m_status->setText(tr("Reading pair revision %1…").arg(entry.pairChangeId));
    auto answers = std::make_shared<BothAnswers<protocol::ConfigGetResult>>();
    answers->done = [this, entry, guard = QPointer<PairChangesView>(this)](const auto& results) {
        if (!guard)
            return;
        for (int side = 0; side < 2; ++side)
            if (!results[std::size_t(side)]->ok()) {
                m_status->setText(tr("Pair revision %1 not read on %2: %3")
                                      .arg(entry.pairChangeId, deviceName(side),
                                           results[std::size_t(side)]->errorText()));
                return;
            }
        client::PairPushOptions options;
        options.label = QStringLiteral("restore pair revision %1").arg(entry.pairChangeId);
        m_push = std::make_unique<client::PairPush>(
            client::PairPushDevice{&m_devices[0]->client(), deviceName(0),
                                   results[0]->value().text},
            client::PairPushDevice{&m_devices[1]->client(), deviceName(1),
                                   results[1]->value().text},
            options);
        connect(m_push.get(), &client::PairPush::progress, this,
                [this](const client::PushEvent& event) {
                    m_status->setText(tr("Restoring: %1 (%2 s)")
                                          .arg(event.text)
                                          .arg(QLocale().toString(event.elapsedMs / 1000.0, 'f', 1)));
                });
        connect(m_push.get(), &client::PairPush::done, this,
                [this](const client::PairPushResult& result) {
                    m_status->setText(tr("Restore %1: %2")
                                          .arg(QLatin1String(client::toString(result.outcome)),
                                               result.message));
                    updateButtons();
                    refresh();
                    Q_EMIT restoreFinished(result);
                });
        updateButtons();
        m_push->start();
    };
    for (int side = 0; side < 2; ++side) {
        client::ConfigClient config(&m_devices[std::size_t(side)]->client());
        protocol::ConfigGetRequest request;
        request.source = protocol::ConfigSource::History;
        request.commitId = entry.commits[std::size_t(side)]->id;
        request.secrets = true;
        config.get(request, [answers, side](const auto& r) { answers->set(side, r); });
    }
}

} // namespace tandem::gui
