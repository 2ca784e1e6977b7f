package service

import "strings"

// formulaStart holds the first characters that make a spreadsheet read a
// cell as a formula.
const formulaStart = "=+-@\t\r"

// CSVCell guards a cell against spreadsheet formula injection: a value
// starting with = + - @, a tab or a carriage return gets a leading
// apostrophe.
func CSVCell(v string) string {
	if v != "" && strings.ContainsRune(formulaStart, rune(v[0])) {
		return "'" + v
	}
	return v
}

// uncell undoes CSVCell, so that an exported file imports unchanged.
func uncell(v string) string {
	if len(v) >= 2 && v[0] == '\'' && strings.ContainsRune(formulaStart, rune(v[1])) {
		return v[1:]
	}
	return v
}

// CSVRow guards every cell of row (see CSVCell) in place and returns it.
func CSVRow(row []string) []string {
	for i := range row {
		row[i] = CSVCell(row[i])
	}
	return row
}
