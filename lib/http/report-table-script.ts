/**
 * The table-sorting script the API serves (GET /reports/table.js); plain browser JavaScript, no framework.
 *
 * The page's CSP allows no inline script, so this is the page's only code, loaded with `defer`. It moves
 * the existing row nodes and never builds markup, so nothing from the report is ever parsed as HTML.
 * Rules: a click on a heading's button sorts by that column's `data-value`, ascending first, then
 * toggling; numbers compare as numbers, anything else by localeCompare; empty values stay last in both
 * directions; equal values keep their current order.
 */
export const REPORT_TABLE_SCRIPT = `(function () {
  'use strict'

  function isEmpty(value) {
    return value === null || value === ''
  }

  function asNumber(value) {
    var number = Number(value)
    return value.trim() !== '' && isFinite(number) ? number : null
  }

  function compareValues(a, b) {
    var x = asNumber(a)
    var y = asNumber(b)
    if (x !== null && y !== null) return x - y
    return a.localeCompare(b)
  }

  function cellValue(row, column) {
    var cell = row.cells[column]
    return cell ? cell.getAttribute('data-value') : null
  }

  function sortRows(body, column, direction) {
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, index: index, value: cellValue(row, column) }
    })
    rows.sort(function (a, b) {
      var aEmpty = isEmpty(a.value)
      var bEmpty = isEmpty(b.value)
      if (aEmpty || bEmpty) return aEmpty === bEmpty ? a.index - b.index : aEmpty ? 1 : -1
      var order = compareValues(a.value, b.value) * direction
      return order !== 0 ? order : a.index - b.index
    })
    rows.forEach(function (entry) {
      body.appendChild(entry.row)
    })
  }

  function wire() {
    var table = document.querySelector('table#subnets')
    if (!table) return
    var body = table.tBodies && table.tBodies[0]
    if (!body) return
    var headings = Array.prototype.slice.call(table.querySelectorAll('thead th'))
    var sortedBy = null
    var direction = 1
    headings.forEach(function (heading, column) {
      var button = heading.querySelector('button[data-sort]')
      if (!button) return
      button.addEventListener('click', function () {
        var key = button.getAttribute('data-sort')
        direction = sortedBy === key ? -direction : 1
        sortedBy = key
        sortRows(body, column, direction)
        headings.forEach(function (other) {
          if (other === heading) other.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending')
          else other.removeAttribute('aria-sort')
        })
      })
    })
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire)
  else wire()
})()
`
