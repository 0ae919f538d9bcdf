'use strict';
// The two file writers scaffold.cjs works through: the Nx Tree (so `nx g` gets dry runs and its
// change listing) and the plain file system (for `mambabench new-variant`). Paths are relative to
// the workspace root (`root`, absolute), '/'-separated.
const fs = require('node:fs');
const path = require('node:path');

/** Wraps an Nx Tree; nothing is imported from @nx/devkit, the tree is handed in. */
function treeIo(tree) {
  return {
    root: tree.root,
    exists: (p) => tree.exists(p),
    read: (p) => tree.read(p, 'utf-8'),
    list: (dir) => tree.children(dir).filter((n) => tree.isFile(`${dir}/${n}`)),
    write: (p, content) => tree.write(p, content),
  };
}

function diskIo(root) {
  const abs = (p) => path.join(root, p);
  return {
    root,
    exists: (p) => fs.existsSync(abs(p)),
    read: (p) => fs.readFileSync(abs(p), 'utf8'),
    list: (dir) => fs.readdirSync(abs(dir), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name),
    write: (p, content) => {
      fs.mkdirSync(path.dirname(abs(p)), { recursive: true });
      fs.writeFileSync(abs(p), content);
    },
  };
}

module.exports = { treeIo, diskIo };
