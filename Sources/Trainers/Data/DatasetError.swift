/// Why a data file could not be turned into a dataset.
///
/// Rows are numbered as in the file (1-based, the header is row 1) and columns from 1.
public enum DatasetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file holds no header (it is empty or blank).
    case emptyFile(path: String)
    /// The file has a header but no data rows.
    case noRows(path: String)
    /// The header is unusable: an empty or repeated column name.
    case invalidHeader(path: String, column: Int, reason: String)
    /// The label column named by the caller is not in the header.
    case missingLabelColumn(path: String, label: String, available: [String])
    /// Every column is the label; nothing is left to learn from.
    case noFeatures(path: String)
    /// A row has more or fewer cells than the header.
    case raggedRow(path: String, row: Int, column: Int, expected: Int, found: Int)
    /// A feature cell is not a finite number.
    case nonNumeric(path: String, row: Int, column: Int, columnName: String, value: String)
    /// A label cell is empty.
    case missingLabel(path: String, row: Int, column: Int)
    /// A quoted cell is not closed, or text follows its closing quote.
    case malformedQuote(path: String, row: Int, column: Int)
    /// Too few rows for a train/validation split.
    case tooFewRows(path: String, rows: Int, needed: Int)
    /// A classifier needs at least two classes.
    case singleClass(path: String, label: String)

    /// A stable error code.
    public var code: String {
        switch self {
        case .unreadable: return "data.unreadable"
        case .emptyFile: return "data.empty_file"
        case .noRows: return "data.no_rows"
        case .invalidHeader: return "data.invalid_header"
        case .missingLabelColumn: return "data.missing_label_column"
        case .noFeatures: return "data.no_features"
        case .raggedRow: return "data.ragged_row"
        case .nonNumeric: return "data.non_numeric"
        case .missingLabel: return "data.missing_label"
        case .malformedQuote: return "data.malformed_quote"
        case .tooFewRows: return "data.too_few_rows"
        case .singleClass: return "data.single_class"
        }
    }

    /// The 1-based row of the problem (header = 1), when it has one.
    public var row: Int? {
        switch self {
        case .invalidHeader, .missingLabelColumn, .noFeatures: return 1
        case .raggedRow(_, let row, _, _, _), .nonNumeric(_, let row, _, _, _),
             .missingLabel(_, let row, _), .malformedQuote(_, let row, _):
            return row
        case .unreadable, .emptyFile, .noRows, .tooFewRows, .singleClass: return nil
        }
    }

    /// The 1-based column of the problem, when it has one.
    public var column: Int? {
        switch self {
        case .invalidHeader(_, let column, _), .raggedRow(_, _, let column, _, _),
             .nonNumeric(_, _, let column, _, _), .missingLabel(_, _, let column),
             .malformedQuote(_, _, let column):
            return column
        case .unreadable, .emptyFile, .noRows, .missingLabelColumn, .noFeatures, .tooFewRows, .singleClass:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): \(code): cannot read the file: \(reason)"
        case .emptyFile(let path):
            return "\(path): \(code): the file is empty; expected a header row"
        case .noRows(let path):
            return "\(path): \(code): the file has a header but no data rows"
        case .invalidHeader(let path, let column, let reason):
            return "\(path):1:\(column): \(code): \(reason)"
        case .missingLabelColumn(let path, let label, let available):
            return "\(path):1: \(code): no column named '\(label)'; columns: \(available.joined(separator: ", "))"
        case .noFeatures(let path):
            return "\(path):1: \(code): the label is the only column; no features are left"
        case .raggedRow(let path, let row, let column, let expected, let found):
            return "\(path):\(row):\(column): \(code): row \(row) has \(found) cells but the header has \(expected)"
        case .nonNumeric(let path, let row, let column, let name, let value):
            return "\(path):\(row):\(column): \(code): row \(row), column \(column) ('\(name)') is '\(value)', not a finite number"
        case .missingLabel(let path, let row, let column):
            return "\(path):\(row):\(column): \(code): row \(row) has an empty label"
        case .malformedQuote(let path, let row, let column):
            return "\(path):\(row):\(column): \(code): unterminated quote or text after a closing quote"
        case .tooFewRows(let path, let rows, let needed):
            return "\(path): \(code): \(rows) rows, at least \(needed) needed"
        case .singleClass(let path, let label):
            return "\(path): \(code): column '\(label)' holds a single class; a classifier needs at least two"
        }
    }
}
