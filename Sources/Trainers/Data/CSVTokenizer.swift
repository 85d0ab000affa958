/// Receives the cells and row ends found by ``CSVTokenizer``.
protocol CSVRecordSink {
    /// One cell: its bytes (unquoted and trimmed), its 1-based row and column.
    mutating func cell(_ bytes: [UInt8], row: Int, column: Int) throws
    /// The end of a row that had `cellCount` cells.
    mutating func endRow(_ row: Int, cellCount: Int) throws
}

/// A byte-at-a-time CSV state machine, so a file can be parsed chunk by chunk in one pass.
///
/// Cells are separated by `,` and rows by `\n` (a `\r` before it is ignored). Unquoted cells are
/// trimmed of spaces and tabs. A cell may be wrapped in double quotes, inside which `""` stands
/// for one quote and commas and newlines are literal. Blank lines are skipped. Rows are numbered
/// by the line on which they start, so they match what an editor shows.
struct CSVTokenizer {
    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")

    /// The file name used in errors.
    let path: String
    private var cell: [UInt8] = []
    private var line = 1
    private var rowLine = 1
    private var column = 1
    private var rowHasContent = false
    private var inQuotes = false
    private var quotePending = false
    private var afterQuote = false

    init(path: String) {
        self.path = path
    }

    /// Feeds one byte.
    mutating func consume<Sink: CSVRecordSink>(_ byte: UInt8, into sink: inout Sink) throws {
        if inQuotes {
            if quotePending {
                quotePending = false
                if byte == Self.quote {
                    cell.append(byte)
                    return
                }
                inQuotes = false
                afterQuote = true
            } else {
                if byte == Self.quote {
                    quotePending = true
                } else {
                    if byte == Self.newline { line += 1 }
                    cell.append(byte)
                }
                return
            }
        }
        switch byte {
        case Self.comma:
            rowHasContent = true
            try endCell(into: &sink)
        case Self.newline:
            if rowHasContent || !cell.isEmpty {
                try endCell(into: &sink)
                try sink.endRow(rowLine, cellCount: column - 1)
            }
            line += 1
            startRow()
        case Self.carriageReturn, Self.space, Self.tab:
            if !cell.isEmpty && !afterQuote { cell.append(byte) }
        case Self.quote:
            guard cell.isEmpty, !afterQuote else {
                throw DatasetError.malformedQuote(path: path, row: rowLine, column: column)
            }
            inQuotes = true
            rowHasContent = true
        default:
            guard !afterQuote else {
                throw DatasetError.malformedQuote(path: path, row: rowLine, column: column)
            }
            cell.append(byte)
        }
    }

    /// Flushes the last row at the end of the input.
    mutating func finish<Sink: CSVRecordSink>(into sink: inout Sink) throws {
        if inQuotes && !quotePending {
            throw DatasetError.malformedQuote(path: path, row: rowLine, column: column)
        }
        if rowHasContent || !cell.isEmpty || inQuotes {
            try endCell(into: &sink)
            try sink.endRow(rowLine, cellCount: column - 1)
        }
        startRow()
    }

    private mutating func endCell<Sink: CSVRecordSink>(into sink: inout Sink) throws {
        if !afterQuote && !inQuotes {
            while let last = cell.last, last == Self.space || last == Self.tab || last == Self.carriageReturn {
                cell.removeLast()
            }
        }
        try sink.cell(cell, row: rowLine, column: column)
        cell.removeAll(keepingCapacity: true)
        column += 1
        inQuotes = false
        quotePending = false
        afterQuote = false
    }

    private mutating func startRow() {
        rowLine = line
        column = 1
        rowHasContent = false
        cell.removeAll(keepingCapacity: true)
    }
}
