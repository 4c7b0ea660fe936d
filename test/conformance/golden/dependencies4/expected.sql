drop table "public"."t2";

create table "public"."t" (
    "id" integer not null,
    "a" text,
    "b" integer
);

alter table "public"."t" add constraint "t_pkey" PRIMARY KEY (id);

create view "public"."v" as SELECT t.id,
    t.a,
    max(t.b) AS max
   FROM public.t
  GROUP BY t.id;

create materialized view "public"."mv" as SELECT v.id
   FROM public.v;

CREATE UNIQUE INDEX mv_id_idx ON public.mv USING btree (id);
