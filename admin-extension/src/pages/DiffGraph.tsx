import { Flex, FlexItem, Label } from '@patternfly/react-core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useIoApi, useLoad, type FlowDetail } from '../api';
import { ErrorAlert, Loading } from '../components';
import { diffGraph, diffLook, FlowCanvas, toCanvas, type DiffMark, type FlowDefinition, type FlowDiff } from '../designer';

/** `version` of the flow at `base`: a version number, or `draft`. */
const definitionOf = (api: ReturnType<typeof useIoApi>, base: string, version: string): Promise<FlowDefinition> =>
  version === 'draft'
    ? api.get<FlowDetail>(base).then((flow) => flow.draft as unknown as FlowDefinition)
    : api.get<{ definition: FlowDefinition }>(`${base}/versions/${encodeURIComponent(version)}`).then((answer) => answer.definition);

const MARKS: DiffMark[] = ['added', 'removed', 'changed'];

/**
 * The diff of two versions on the flow's canvas (read-only): both graphs in one, the nodes and
 * links `diff` names marked added, removed or changed, with a legend.
 */
export function DiffGraph({ base, from, to, diff }: { base: string; from: string; to: string; diff: FlowDiff }) {
  const { t } = useTranslation();
  const api = useIoApi();
  const definitions = useLoad(() => Promise.all([definitionOf(api, base, from), definitionOf(api, base, to)]), [api, base, from, to]);
  const names = useMemo(() => ({ added: t('ioDiffAdded'), removed: t('ioDiffRemoved'), changed: t('ioDiffChanged') }), [t]);
  const graph = useMemo(() => {
    if (!definitions.data) return undefined;
    const { flow, marks } = diffGraph(...definitions.data, diff);
    return toCanvas(flow, { diff: { marks, names } });
  }, [definitions.data, diff, names]);
  if (definitions.error) return <ErrorAlert error={definitions.error} />;
  if (!graph) return <Loading />;
  return (
    <>
      <Flex className="pf-v5-u-my-sm" aria-label={t('ioDiffLegend')} role="list" data-testid="io-diff-legend">
        {MARKS.map((mark) => (
          <FlexItem key={mark} role="listitem">
            <Label color={diffLook[mark].color} icon={diffLook[mark].icon}>
              {names[mark]}
            </Label>
          </FlexItem>
        ))}
        <FlexItem role="listitem">{t('ioDiffLegendHelp')}</FlexItem>
      </Flex>
      <div className="io-diff-canvas" data-testid="io-diff-graph">
        <FlowCanvas nodes={graph.nodes} edges={graph.edges} nodesDraggable={false} nodesConnectable={false} elementsSelectable={false} />
      </div>
    </>
  );
}
