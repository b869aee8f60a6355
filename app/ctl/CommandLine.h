#pragma once

// tandemctl's one command-line parser, on CLI11. Every command is declared once here with the
// options it takes (a value, two values, or a flag; the values allowed when the set is fixed),
// and every command gets the same answer to the same mistake: an unknown option (with the
// nearest one it may have meant), a missing or extra value, a value outside its set, an option
// given twice — each naming the command and where its --help is. `--opt=value` and `--` (the
// rest are arguments) work everywhere.
//
// The help a user reads stays the written usage of each command (tandemctl --help, `COMMAND
// --help`); a test holds it to these declarations, so that every option is documented where
// its command is.

#include <QList>
#include <QMap>
#include <QSet>
#include <QStringList>

#include <optional>

namespace tandem::ctl {

struct OptionSpec
{
    QString name;        // "dir" for --dir
    QString value;       // its value's name ("DIR", "A.cfg B.cfg"); empty: a flag
    QStringList allowed; // the values it takes when the set is fixed; empty: any
    int values = 1;      // how many values follow it (1 or 2)

    bool isFlag() const { return value.isEmpty(); }
};

struct CommandSpec
{
    QString path;               // "lab up", "ha switchover", "sessions"
    QList<OptionSpec> options;  // besides the connection options
    bool connection = false;    // takes --host/--ssh/--socket/--lab … and --json
    bool arguments = true;      // takes words that are not options (files, ids, display words)
};

// What a command line said: its words in order, each option's value(s), each flag.
struct CommandLine
{
    QStringList positional;
    QMap<QString, QString> values;    // single-value options
    QMap<QString, QStringList> lists; // two-value options (config generate --base A B)
    QSet<QString> flags;
    bool help = false;                // -h/--help was given: nothing else was checked
};

// tandemctl's whole usage, as `tandemctl --help` prints it; `COMMAND --help` prints the lines
// of it that start with the command (usageOf).
QString fullUsage();

// Every command tandemctl has, with its options.
const QList<CommandSpec>& commandSpecs();
// The command `path` names ("lab up"), or nullptr.
const CommandSpec* findCommand(const QString& path);

// Parses `arguments` (the words after the command's own words) as `path` declares. A usage
// error returns nullopt with *error naming the mistake and where the command's help is.
std::optional<CommandLine> parseCommandLine(const QString& path, const QStringList& arguments,
                                            QString* error);

} // namespace tandem::ctl
