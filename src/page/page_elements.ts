/** The page's elements that the code drives, found once; a page that lacks one fails at load, plainly. */
import { element } from './dom.ts';
import type { ResultsElements } from './results_panel.ts';

export function pageElements() {
  const dataCanvas = element('data-chart', HTMLCanvasElement);
  const lossCanvas = element('loss-chart', HTMLCanvasElement);
  const networkSvg = document.getElementById('network');
  if (!(networkSvg instanceof SVGSVGElement)) throw new Error('the page has no <svg> #network');
  const buttons = {
    train: element('train', HTMLButtonElement),
    play: element('play', HTMLButtonElement),
    pause: element('pause', HTMLButtonElement),
    step: element('step', HTMLButtonElement),
    stop: element('stop', HTMLButtonElement),
    reset: element('reset', HTMLButtonElement),
    saveJson: element('save-json', HTMLButtonElement),
    saveSafetensors: element('save-safetensors', HTMLButtonElement),
  };
  const results: ResultsElements = {
    finalLoss: element('final-loss', HTMLElement),
    accuracy: element('accuracy', HTMLElement),
    weights: element('weights', HTMLElement),
    time: element('time', HTMLElement),
    kept: element('kept-epoch', HTMLElement),
    metrics: element('metrics', HTMLTableElement),
    confusion: element('confusion', HTMLTableElement),
  };
  const notes = {
    dataError: element('data-error', HTMLElement),
    csvError: element('csv-error', HTMLElement),
    dataSummary: element('data-summary', HTMLElement),
    stateNote: element('state-note', HTMLElement),
    plotNote: element('plot-note', HTMLElement),
    estimate: element('estimate', HTMLElement),
    hints: element('hints', HTMLElement),
    modelError: element('model-error', HTMLElement),
    warm: element('warm-status', HTMLElement),
    faults: element('fault-actions', HTMLElement),
    verdict: element('verdict', HTMLElement),
    lossLegend: element('loss-legend', HTMLElement),
    accuracyName: element('accuracy-name', HTMLElement),
    plotLegend: element('plot-legend', HTMLElement),
    runDetails: element('run-details', HTMLElement),
  };
  const live = {
    epoch: element('epoch', HTMLElement),
    loss: element('live-loss', HTMLElement),
    accuracy: element('live-accuracy', HTMLElement),
    scoreName: element('live-score-name', HTMLElement),
    rows: element('live-rows', HTMLElement),
  };
  const faultButtons = {
    retry: element('retry', HTMLButtonElement),
    useCpu: element('use-cpu', HTMLButtonElement),
  };
  return { dataCanvas, lossCanvas, networkSvg, buttons, faultButtons, results, notes, live };
}
