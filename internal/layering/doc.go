// Package layering holds only a test: it keeps the package dependency order
// that README.md's Layout section writes down true of the code.
package layering
