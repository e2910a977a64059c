// A QR code encoder (ISO/IEC 18004) for the MFA setup page: the otpauth:// link must become a
// QR code inside the page, because the strict CSP allows no third-party script and the secret
// must never be sent to an outside QR service. Byte mode, error correction level M (what
// authenticator apps expect to scan from a screen), versions 1–40, the mask with the lowest
// penalty. Pure: a matrix of booleans in, no DOM (qr-svg.js draws it).

const maxVersion = 40;

// Level M, per version (index 0 unused): error-correction codewords per block, and blocks.
const eccPerBlockM = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
  26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
const blocksM = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
  17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];

// Level M's two format bits are 00; the 3 mask bits follow.
const levelMBits = 0b00;

/**
 * Encodes `text` (as UTF-8 bytes) into the smallest version that holds it at level M.
 * `mask` (0–7) forces a mask pattern — for tests; normally the one with the lowest penalty.
 * @returns {{version: number, mask: number, size: number, modules: boolean[][]}} modules[row][column], true = dark
 */
export function encodeQr(text, { mask } = {}) {
  const bytes = new TextEncoder().encode(text);
  const version = smallestVersion(bytes.length);
  const codewords = withErrorCorrection(dataCodewords(bytes, version), version);
  const symbol = new Symbol(version);
  symbol.drawFunctionPatterns();
  symbol.placeCodewords(codewords);
  const chosen = mask ?? lowestPenaltyMask(symbol);
  symbol.applyMask(chosen);
  symbol.drawFormatBits(chosen);
  return { version, mask: chosen, size: symbol.size, modules: symbol.modules };
}

function smallestVersion(byteCount) {
  for (let version = 1; version <= maxVersion; version += 1) {
    const bitsNeeded = 4 + countBits(version) + 8 * byteCount;
    if (bitsNeeded <= dataCapacity(version) * 8) return version;
  }
  throw new RangeError(`${byteCount} bytes do not fit in a QR code at level M`);
}

/** Bits of the byte-mode character count: 8 up to version 9, 16 above. */
function countBits(version) {
  return version < 10 ? 8 : 16;
}

/** Modules left for data and error correction once the function patterns are drawn. */
function rawDataModules(version) {
  let modules = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const alignments = Math.floor(version / 7) + 2;
    modules -= (25 * alignments - 10) * alignments - 55;
    if (version >= 7) modules -= 36;
  }
  return modules;
}

function totalCodewords(version) {
  return Math.floor(rawDataModules(version) / 8);
}

function dataCapacity(version) {
  return totalCodewords(version) - eccPerBlockM[version] * blocksM[version];
}

/** Mode indicator, count, the bytes, terminator, then the standard pad bytes 0xEC 0x11. */
function dataCodewords(bytes, version) {
  const bits = [];
  const push = (value, length) => {
    for (let bit = length - 1; bit >= 0; bit -= 1) bits.push((value >>> bit) & 1);
  };
  push(0b0100, 4);
  push(bytes.length, countBits(version));
  bytes.forEach((byte) => push(byte, 8));
  const capacityBits = dataCapacity(version) * 8;
  push(0, Math.min(4, capacityBits - bits.length));
  push(0, (8 - (bits.length % 8)) % 8);
  const codewords = [];
  for (let index = 0; index < bits.length; index += 8) {
    codewords.push(bits.slice(index, index + 8).reduce((byte, bit) => (byte << 1) | bit, 0));
  }
  for (let pad = 0xec; codewords.length < dataCapacity(version); pad ^= 0xec ^ 0x11) codewords.push(pad);
  return codewords;
}

/**
 * Splits the data into the version's blocks (the first ones one codeword shorter), adds each
 * block's Reed–Solomon codewords, and interleaves: data column by column, then the ECC.
 */
function withErrorCorrection(data, version) {
  const blockCount = blocksM[version];
  const eccLength = eccPerBlockM[version];
  const total = totalCodewords(version);
  const shortBlocks = blockCount - (total % blockCount);
  const shortDataLength = Math.floor(total / blockCount) - eccLength;
  const generator = reedSolomonGenerator(eccLength);
  const blocks = [];
  let offset = 0;
  for (let index = 0; index < blockCount; index += 1) {
    const length = shortDataLength + (index < shortBlocks ? 0 : 1);
    const blockData = data.slice(offset, offset + length);
    offset += length;
    blocks.push({ data: blockData, ecc: reedSolomonRemainder(blockData, generator) });
  }
  const result = [];
  for (let column = 0; column <= shortDataLength; column += 1) {
    blocks.forEach((block) => { if (column < block.data.length) result.push(block.data[column]); });
  }
  for (let column = 0; column < eccLength; column += 1) {
    blocks.forEach((block) => result.push(block.ecc[column]));
  }
  return result;
}

/** Multiplication in GF(2^8) modulo the QR polynomial x^8 + x^4 + x^3 + x^2 + 1. */
function gfMultiply(a, b) {
  let product = 0;
  for (let bit = 7; bit >= 0; bit -= 1) {
    product = (product << 1) ^ ((product >>> 7) * 0x11d);
    product ^= ((b >>> bit) & 1) * a;
  }
  return product;
}

/** The coefficients (highest first, leading 1 left out) of (x - α^0)…(x - α^(degree-1)). */
function reedSolomonGenerator(degree) {
  const coefficients = new Array(degree).fill(0);
  coefficients[degree - 1] = 1;
  let root = 1;
  for (let step = 0; step < degree; step += 1) {
    for (let index = 0; index < degree; index += 1) {
      coefficients[index] = gfMultiply(coefficients[index], root);
      if (index + 1 < degree) coefficients[index] ^= coefficients[index + 1];
    }
    root = gfMultiply(root, 0x02);
  }
  return coefficients;
}

function reedSolomonRemainder(data, generator) {
  const remainder = new Array(generator.length).fill(0);
  for (const byte of data) {
    const factor = byte ^ remainder.shift();
    remainder.push(0);
    generator.forEach((coefficient, index) => { remainder[index] ^= gfMultiply(coefficient, factor); });
  }
  return remainder;
}

const maskPatterns = [
  (row, column) => (row + column) % 2 === 0,
  (row) => row % 2 === 0,
  (row, column) => column % 3 === 0,
  (row, column) => (row + column) % 3 === 0,
  (row, column) => (Math.floor(row / 2) + Math.floor(column / 3)) % 2 === 0,
  (row, column) => ((row * column) % 2) + ((row * column) % 3) === 0,
  (row, column) => (((row * column) % 2) + ((row * column) % 3)) % 2 === 0,
  (row, column) => (((row + column) % 2) + ((row * column) % 3)) % 2 === 0,
];

/** Tries all eight masks on copies and keeps the one the standard's penalty rules like best. */
function lowestPenaltyMask(symbol) {
  let best = 0;
  let bestPenalty = Infinity;
  for (let mask = 0; mask < maskPatterns.length; mask += 1) {
    const candidate = symbol.copy();
    candidate.applyMask(mask);
    candidate.drawFormatBits(mask);
    const score = penalty(candidate.modules);
    if (score < bestPenalty) {
      best = mask;
      bestPenalty = score;
    }
  }
  return best;
}

/** The module grid being built, with which modules belong to function patterns. */
class Symbol {
  constructor(version) {
    this.version = version;
    this.size = version * 4 + 17;
    this.modules = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
    this.reserved = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
  }

  copy() {
    const twin = new Symbol(this.version);
    twin.modules = this.modules.map((row) => row.slice());
    twin.reserved = this.reserved;
    return twin;
  }

  setFunction(row, column, dark) {
    this.modules[row][column] = dark;
    this.reserved[row][column] = true;
  }

  drawFunctionPatterns() {
    for (let index = 0; index < this.size; index += 1) {
      this.setFunction(6, index, index % 2 === 0);
      this.setFunction(index, 6, index % 2 === 0);
    }
    this.drawFinder(3, 3);
    this.drawFinder(3, this.size - 4);
    this.drawFinder(this.size - 4, 3);
    const positions = alignmentPositions(this.version);
    const last = positions.length - 1;
    positions.forEach((row, i) => positions.forEach((column, j) => {
      const underFinder = (i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0);
      if (!underFinder) this.drawAlignment(row, column);
    }));
    this.drawFormatBits(0); // reserves the format areas; the real bits come after masking
    this.drawVersionBits();
  }

  /** The 7×7 finder with its light separator, clipped at the symbol's edge. */
  drawFinder(centreRow, centreColumn) {
    for (let dy = -4; dy <= 4; dy += 1) {
      for (let dx = -4; dx <= 4; dx += 1) {
        const row = centreRow + dy;
        const column = centreColumn + dx;
        if (row < 0 || row >= this.size || column < 0 || column >= this.size) continue;
        const ring = Math.max(Math.abs(dx), Math.abs(dy));
        this.setFunction(row, column, ring !== 2 && ring !== 4);
      }
    }
  }

  drawAlignment(centreRow, centreColumn) {
    for (let dy = -2; dy <= 2; dy += 1) {
      for (let dx = -2; dx <= 2; dx += 1) {
        this.setFunction(centreRow + dy, centreColumn + dx, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
      }
    }
  }

  /** 15 bits (level, mask, BCH check, XOR 0x5412), twice, plus the always-dark module. */
  drawFormatBits(mask) {
    const data = (levelMBits << 3) | mask;
    let remainder = data;
    for (let step = 0; step < 10; step += 1) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
    const bits = ((data << 10) | remainder) ^ 0x5412;
    const bit = (index) => ((bits >>> index) & 1) === 1;
    for (let index = 0; index <= 5; index += 1) this.setFunction(index, 8, bit(index));
    this.setFunction(7, 8, bit(6));
    this.setFunction(8, 8, bit(7));
    this.setFunction(8, 7, bit(8));
    for (let index = 9; index < 15; index += 1) this.setFunction(8, 14 - index, bit(index));
    for (let index = 0; index < 8; index += 1) this.setFunction(8, this.size - 1 - index, bit(index));
    for (let index = 8; index < 15; index += 1) this.setFunction(this.size - 15 + index, 8, bit(index));
    this.setFunction(this.size - 8, 8, true);
  }

  /** From version 7: 6 version bits and a 12-bit Golay check, in two 6×3 blocks. */
  drawVersionBits() {
    if (this.version < 7) return;
    let remainder = this.version;
    for (let step = 0; step < 12; step += 1) remainder = (remainder << 1) ^ ((remainder >>> 11) * 0x1f25);
    const bits = (this.version << 12) | remainder;
    for (let index = 0; index < 18; index += 1) {
      const dark = ((bits >>> index) & 1) === 1;
      const near = Math.floor(index / 3);
      const far = this.size - 11 + (index % 3);
      this.setFunction(near, far, dark);
      this.setFunction(far, near, dark);
    }
  }

  /** Data bits in the zigzag of two-module columns, right to left, skipping the timing column. */
  placeCodewords(codewords) {
    const totalBits = codewords.length * 8;
    let bitIndex = 0;
    for (let right = this.size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      const upward = ((right + 1) & 2) === 0;
      for (let step = 0; step < this.size; step += 1) {
        const row = upward ? this.size - 1 - step : step;
        for (let offset = 0; offset < 2; offset += 1) {
          const column = right - offset;
          if (this.reserved[row][column] || bitIndex >= totalBits) continue;
          this.modules[row][column] = ((codewords[bitIndex >>> 3] >>> (7 - (bitIndex & 7))) & 1) === 1;
          bitIndex += 1;
        }
      }
    }
  }

  applyMask(mask) {
    const pattern = maskPatterns[mask];
    for (let row = 0; row < this.size; row += 1) {
      for (let column = 0; column < this.size; column += 1) {
        if (!this.reserved[row][column] && pattern(row, column)) this.modules[row][column] = !this.modules[row][column];
      }
    }
  }
}

/** Centres of the alignment patterns along one axis (the same list serves rows and columns). */
export function alignmentPositions(version) {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const step = Math.floor((version * 8 + count * 3 + 5) / (count * 4 - 4)) * 2;
  const positions = [6];
  for (let position = version * 4 + 10; positions.length < count; position -= step) positions.splice(1, 0, position);
  return positions;
}

/**
 * The standard's four penalty rules: runs of five or more, 2×2 blocks, finder-like
 * 1:1:3:1:1 patterns with four light modules beside them, and an unbalanced dark share.
 */
export function penalty(modules) {
  const size = modules.length;
  const columns = modules.map((_, column) => modules.map((row) => row[column]));
  let score = 0;
  for (const line of [...modules, ...columns]) {
    score += runPenalty(line) + finderLikePenalty(line);
  }
  for (let row = 0; row + 1 < size; row += 1) {
    for (let column = 0; column + 1 < size; column += 1) {
      const colour = modules[row][column];
      if (modules[row][column + 1] === colour && modules[row + 1][column] === colour && modules[row + 1][column + 1] === colour) score += 3;
    }
  }
  const dark = modules.reduce((sum, row) => sum + row.filter(Boolean).length, 0);
  const total = size * size;
  score += 10 * (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1);
  return score;
}

function runPenalty(line) {
  let score = 0;
  let run = 1;
  for (let index = 1; index <= line.length; index += 1) {
    if (index < line.length && line[index] === line[index - 1]) {
      run += 1;
      continue;
    }
    if (run >= 5) score += 3 + (run - 5);
    run = 1;
  }
  return score;
}

const finderLike = [true, false, true, true, true, false, true];

/**
 * Counted once per pattern with four light modules on either side, the quiet zone counting as
 * light — the convention of ZXing's encoder (implementations differ here; any choice gives a
 * valid symbol, the rule only steers which mask is used).
 */
function finderLikePenalty(line) {
  const padded = [false, false, false, false, ...line, false, false, false, false];
  let score = 0;
  for (let start = 0; start + 7 <= padded.length; start += 1) {
    if (!finderLike.every((dark, offset) => padded[start + offset] === dark)) continue;
    const lightBefore = start >= 4 && padded.slice(start - 4, start).every((dark) => !dark);
    const lightAfter = start + 11 <= padded.length && padded.slice(start + 7, start + 11).every((dark) => !dark);
    if (lightBefore || lightAfter) score += 40;
  }
  return score;
}
